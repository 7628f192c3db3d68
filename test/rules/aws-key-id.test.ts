// Real key ids are random base32, and random strings repeat letters now and then: the key-id
// rule's entropy floor must sit under every id AWS could issue, and over placeholders.
import { describe, expect, test } from '@jest/globals';
import { loadRules } from '../../src/rules/load.js';
import { Engine } from '../../src/engine/detect.js';
import { shannonEntropy } from '../../src/engine/entropy.js';
import { VALIDATORS } from '../../src/rules/validators.js';
import { keyIdForAccount } from '../../src/providers/aws/keys.js';
import { fakeAccount, randomFrom } from '../helpers/keys.js';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Draw issued-looking key ids until `n` have entropy in [lo, hi) (about 2 in 10,000 under 3.0). */
function lowEntropyIds(n: number, lo: number, hi: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < 2_000_000 && out.length < n; i++) {
    const id = keyIdForAccount('AKIA', fakeAccount(), randomFrom(BASE32, 8));
    const h = shannonEntropy(id);
    if (h >= lo && h < hi && VALIDATORS['aws-key-id']!(id)) out.push(id);
  }
  return out;
}

describe('aws-access-key-id entropy floor', () => {
  test('a real-shaped key id with 2.5–3.0 bits of entropy is reported (the 3.0 floor dropped it)', async () => {
    const engine = new Engine(await loadRules({ extra: [], builtin: true }));
    const ids = lowEntropyIds(3, 2.5, 3.0);
    expect(ids).toHaveLength(3);
    for (const id of ids) {
      const hits = engine.detect(`x = 1\naws_access_key_id = ${id}\n`, {});
      expect(hits.map((h) => [h.ruleId, h.secret, h.span.line, h.span.column])).toEqual([['aws-access-key-id', id, 2, 21]]);
    }
  });

  test('placeholders made of one or two repeated letters stay silent', async () => {
    const engine = new Engine(await loadRules({ extra: [], builtin: true }));
    for (const id of ['AKIA' + 'A'.repeat(16), 'AKIA' + 'AB'.repeat(8), 'ASIA' + 'Z'.repeat(16)]) {
      expect(engine.detect(`aws_access_key_id = ${id}\n`, {})).toEqual([]);
    }
  });
});
