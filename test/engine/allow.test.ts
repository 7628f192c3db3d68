// Config allowlist entries mark hits: regexes on the secret, the match or the line, and
// stopwords. Marked, not dropped: src/suppress/ is the one stage that hides what is marked.
import { describe, expect, test } from '@jest/globals';
import { loadRules } from '../../src/rules/load.js';
import { Engine } from '../../src/engine/detect.js';
import type { PlacedAllowlist } from '../../src/config/types.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';

async function engineWith(allowlists: Array<Omit<PlacedAllowlist, 'source'>>): Promise<Engine> {
  const placed = allowlists.map((a, i) => ({ ...a, source: `.keyhound.yaml:${10 + i}` }));
  return new Engine(await loadRules({ config: { file: '.keyhound.yaml', builtin: true, disable: [], allowlists: placed } }));
}

describe('hit marks (engine/allow.ts)', () => {
  test('regexes on the secret, the match and the line, and stopwords: each entry that holds, with its source and reason', async () => {
    const a = fakeKeyId().keyId;
    const b = fakeKeyId().keyId;
    const engine = await engineWith([
      { regexes: [`^${a}$`], reason: 'revoked' },
      { regexes: ['fixture'], regexTarget: 'line' },
      { regexes: ['^key_b ='], regexTarget: 'match' },
      { stopwords: [b.slice(6, 14).toLowerCase()], description: 'word' },
    ]);
    const hits = engine.scan(`key_a = ${a} # fixture\nkey_b = ${b}\n`);
    expect(hits.map((h) => [h.secret, h.suppressed])).toEqual([
      [a, [{ kind: 'allowlist', source: '.keyhound.yaml:10', reason: 'revoked' }, { kind: 'allowlist', source: '.keyhound.yaml:11' }]],
      [b, [{ kind: 'allowlist', source: '.keyhound.yaml:13', reason: 'word' }]],
    ]);
  });

  test('a rule-scoped entry marks that rule only; a pair is marked through its parts', async () => {
    const { keyId } = fakeKeyId();
    const secret = fakeSecret();
    const engine = await engineWith([{ rules: ['aws-access-key-id'], regexes: [`^${keyId}$`] }, { rules: ['aws-session-token'], regexes: ['.'] }]);
    const [hit] = engine.scan(`aws_access_key_id = ${keyId}\naws_secret_access_key = ${secret}\n`);
    expect(hit!.ruleId).toBe('aws-access-key-pair');
    expect(hit!.suppressed).toEqual([{ kind: 'allowlist', source: '.keyhound.yaml:10' }]);
  });

  test('no entry holds: no mark at all', async () => {
    const engine = await engineWith([{ regexes: ['^nothing$'] }]);
    const [hit] = engine.scan(`k = ${fakeKeyId().keyId}\n`);
    expect(hit!.suppressed).toBeUndefined();
  });
});
