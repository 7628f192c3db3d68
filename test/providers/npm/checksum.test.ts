// npm's npm_ tokens: the checksum validator and generator, on values made at test time.
import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { npm } from '../../../src/providers/npm/index.js';
import { BASE62_ALPHABET, withBase62Crc } from '../../../src/providers/crc32-base62.js';

const valid = npm.validators!['npm-checksum']!;

describe('npm-checksum', () => {
  it('accepts a right checksum and rejects a wrong one', () => {
    const t = withBase62Crc('npm_', Array.from(randomBytes(30), (b) => BASE62_ALPHABET[b % 62]).join(''));
    expect(valid(t)).toBe(true);
    expect(valid(t.slice(0, -2) + (t.slice(-2) === '00' ? '11' : '00'))).toBe(false);
    expect(valid('npm_' + 'x'.repeat(36))).toBe(false);
  });

  it('the generator makes right tokens, and wrong ones when asked', () => {
    const draw = (a: string, n: number) => Array.from(randomBytes(n), (b) => a[b % a.length]).join('');
    const next = () => randomBytes(1)[0]!;
    expect(valid(npm.generators!['npm-token']!([], draw, next))).toBe(true);
    expect(valid(npm.generators!['npm-token']!(['bad'], draw, next))).toBe(false);
  });
});
