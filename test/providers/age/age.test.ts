// age secret keys carry a bech32 checksum: a generated key passes, one changed char fails.
import { describe, expect, test } from '@jest/globals';
import { age, bech32Encode, bech32Valid } from '../../../src/providers/age/index.js';
import { randomInt } from 'node:crypto';

const key = () => bech32Encode('age-secret-key-', Array.from({ length: 52 }, (_, i) => (i === 51 ? 16 : randomInt(32)))).toUpperCase();

describe('age-secret-key', () => {
  test('a key with its checksum passes; any one char changed fails', () => {
    const k = key();
    expect(k).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]{58}$/);
    expect(age.validators!['age-secret-key']!(k)).toBe(true);
    const at = 16 + randomInt(58);
    const other = k[at] === 'Q' ? 'P' : 'Q';
    expect(bech32Valid(k.slice(0, at) + other + k.slice(at + 1))).toBe(false);
  });
});
