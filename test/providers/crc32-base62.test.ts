// The CRC32-base62 checksum GitHub and npm tokens end in: values built here at test time.
import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { BASE62_ALPHABET, base62Crc, hasBase62Crc, withBase62Crc } from '../../src/providers/crc32-base62.js';

const body = () => Array.from(randomBytes(30), (b) => BASE62_ALPHABET[b % 62]).join('');

describe('base62 CRC32', () => {
  it('is the CRC32 of the body in base62, left-padded to 6 chars', () => {
    const b = body();
    const c = base62Crc(b);
    expect(c).toMatch(/^[0-9A-Za-z]{6}$/);
    const decoded = [...c].reduce((n, ch) => n * 62 + BASE62_ALPHABET.indexOf(ch), 0);
    expect(decoded).toBe(crc32(b) >>> 0);
  });

  it('pads a small CRC with leading zeros', () => {
    // Search a body whose CRC is below 62^5, so its base62 form has fewer than 6 digits.
    let b = '';
    for (let i = 0; ; i++) {
      b = `x${i}`.padEnd(30, 'A');
      if (crc32(b) >>> 0 < 62 ** 5) break;
    }
    expect(base62Crc(b)[0]).toBe('0');
  });

  it('accepts a right checksum and rejects a changed body, a changed checksum and a wrong length', () => {
    const t = withBase62Crc('ghp_', body());
    expect(hasBase62Crc(t, 'ghp_')).toBe(true);
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'a' ? 'b' : 'a') + s.slice(i + 1);
    expect(hasBase62Crc(flip(t, 10), 'ghp_')).toBe(false);
    expect(hasBase62Crc(flip(t, t.length - 1), 'ghp_')).toBe(false);
    expect(hasBase62Crc(t.slice(0, -1), 'ghp_')).toBe(false);
    expect(hasBase62Crc(t, 'gho_')).toBe(false);
  });
});
