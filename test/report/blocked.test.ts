// The "commit blocked" message (report/blocked.ts) on prepared findings: exact lines, the
// provider's hint per key type, the comment marker per file type, a cap on listed places.
import { describe, expect, it } from '@jest/globals';
import { allowComment, renderBlocked } from '../../src/report/blocked.js';
import { prepare } from '../../src/report/redact.js';
import { fakeKeyId } from '../helpers/keys.js';
import { fileLoc, pairFinding, result } from './fixtures.js';

const blocked = (findings: ReturnType<typeof pairFinding>['finding'][]) => renderBlocked(prepare(result(findings), { showSecrets: false }));

describe('renderBlocked', () => {
  it('a temporary (ASIA) key: expires on its own, revoke the sessions; no delete command', () => {
    const { keyId, account } = fakeKeyId('ASIA');
    const fx = pairFinding({ facts: { aws: { keyId, keyType: 'temporary', account, canary: false } } });
    const out = blocked([fx.finding]);
    expect(out).toContain(
      `     aws-access-key-pair: revoke: temporary (ASIA) credentials cannot be deleted: they expire on their own (at most 36 hours after they were issued); to cut them off now, revoke the active sessions of the role that issued them (IAM console, the role, "Revoke active sessions")\n`,
    );
    expect(out).not.toContain('delete-access-key');
    expect(out).not.toContain(fx.secretKey);
  });

  it('a secret of a provider with no remediation gets the generic line; one line per distinct hint', () => {
    const other = { ...pairFinding().finding, ruleId: 'custom-token', provider: undefined, facts: undefined, parts: undefined };
    const out = blocked([other, { ...other, locations: [fileLoc('b.txt', 9, 1)] }]);
    expect(out.split('\n').filter((l) => l.includes('custom-token: revoke it where it was issued, then issue a new one'))).toHaveLength(1);
    expect(out).toContain('keyhound: commit blocked: 2 secrets in the staged changes\n');
    expect(out).toMatch(/^ {2}b\.txt:9 {2}custom-token /m);
  });

  it('lists at most 20 places, then says how many more', () => {
    const fx = pairFinding();
    const many = { ...fx.finding, locations: Array.from({ length: 23 }, (_, i) => fileLoc(`f${i}.env`, i + 1, 1)) };
    const lines = blocked([many]).split('\n');
    expect(lines.filter((l) => /^ {2}f\d+\.env:\d+ /.test(l))).toHaveLength(20);
    expect(lines).toContain('  … and 3 more');
  });
});

describe('allowComment', () => {
  it.each([
    ['app.env', '# keyhound:allow'],
    ['deploy/values.yaml', '# keyhound:allow'],
    ['src/config.ts', '// keyhound:allow'],
    ['Main.java', '// keyhound:allow'],
    ['db/seed.sql', '-- keyhound:allow'],
    ['docs/setup.md', '<!-- keyhound:allow -->'],
    ['package.json', '(JSON has no comments: use 3.)'],
  ])('%s → %s', (path, comment) => {
    expect(allowComment(path)).toBe(comment);
  });
});
