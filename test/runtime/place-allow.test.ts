// Config allowlist entries on paths and commits mark places at the join (a blob can sit at
// many places), and the suppress stage drops the marked places, then findings left with none.
import { describe, expect, test } from '@jest/globals';
import { loadRules } from '../../src/rules/load.js';
import type { Finding } from '../../src/types.js';
import { markPlaces } from '../../src/runtime/place-allow.js';
import { applySuppressions } from '../../src/suppress/apply.js';

describe('place marks (runtime/place-allow.ts) and the stage that acts on them', () => {
  const finding = (paths: string[]): Finding => ({
    fingerprint: 'f', ruleId: 'aws-access-key-id', ruleName: 'AWS', severity: 'high', secret: 's', match: 'm', entropy: 3,
    locations: paths.map((path) => ({ path, line: 1, column: 1, endLine: 1, endColumn: 2, provenance: { kind: 'git', commit: path.startsWith('old') ? 'abcdef1234' : 'fedcba9876', path, author: 'a', email: 'e', date: 'd', subject: 's' } })),
  });

  test('path globs, path regexes and commits mark the places they name; apply drops those places, then empty findings', async () => {
    const { allowlists } = await loadRules({ config: { file: 'c.yaml', builtin: true, disable: [], allowlists: [
      { source: 'c.yaml:3', paths: ['test/**'] },
      { source: 'c.yaml:5', pathRegexes: ['\\.lock$'], rules: ['other-rule'] },
      { source: 'c.yaml:7', commits: ['ABCDEF1'], reason: 'revoked' },
    ] } });
    const f = finding(['test/a.txt', 'old/b.txt', 'src/c.txt', 'yarn.lock']);
    const g = finding(['test/only.txt']);
    markPlaces([f, g], allowlists);
    expect(f.locations.map((l) => [l.path, l.suppressed])).toEqual([
      ['test/a.txt', [{ kind: 'allowlist', source: 'c.yaml:3' }]],
      ['old/b.txt', [{ kind: 'allowlist', source: 'c.yaml:7', reason: 'revoked' }]],
      ['src/c.txt', undefined],
      ['yarn.lock', undefined],
    ]);
    const shown = applySuppressions([f, g], { noSuppress: false }).findings;
    expect(shown.map((x) => x.locations.map((l) => l.path))).toEqual([['src/c.txt', 'yarn.lock']]);
    expect(applySuppressions([f, g], { noSuppress: true }).findings.map((x) => x.locations.length)).toEqual([4, 1]);
  });
});
