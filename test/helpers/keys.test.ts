// The fixture generators make only credentials the builtin rules report: a test that expects
// a generated key must never fail because the draw was unlucky (it did: a key id under the
// rule's entropy floor, about 1 in 4,000, made "a corrupt blob costs that blob only" flaky).
import { describe, expect, test } from '@jest/globals';
import { loadRules } from '../../src/rules/load.js';
import { Engine } from '../../src/engine/detect.js';
import { KEY_ID_MIN_ENTROPY, fakeKeyId, fakeSecret } from './keys.js';

describe('fixture keys', () => {
  test('the entropy floor here is the rule\'s', async () => {
    const rules = await loadRules({ extra: [], builtin: true });
    expect(rules.rules.find((r) => r.id === 'aws-access-key-id')!.entropy).toBe(KEY_ID_MIN_ENTROPY);
  });

  // 20,000 draws: without the floor, about 5 are not reported (P(none) < 1%).
  test('every generated key id and secret pair is reported, as a pair, at its line', async () => {
    const engine = new Engine(await loadRules({ extra: [], builtin: true }));
    const missed: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const { keyId } = fakeKeyId(i % 2 ? 'AKIA' : 'ASIA');
      const secret = fakeSecret();
      const text = `[default]\naws_access_key_id = ${keyId}\naws_secret_access_key = ${secret}\n`;
      const hits = engine.detect(text, {});
      const pair = hits.find((h) => (h.facts?.aws as { keyId: string } | undefined)?.keyId === keyId && h.parts?.length === 2);
      // the pair and what was found instead: enough to tell which generator to fix
      if (!pair || pair.span.line !== 2) missed.push(`${keyId} ${secret} ${JSON.stringify(hits.map((h) => [h.ruleId, h.span.line, h.parts?.length ?? 1]))}`);
    }
    expect(missed).toEqual([]);
  });
});
