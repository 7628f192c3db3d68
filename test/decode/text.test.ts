import { describe, expect, test } from '@jest/globals';
import { hasJsonEscapes, urlDecodeBase64Runs } from '../../src/decode/text.js';
import { fakeBase64 } from '../helpers/keys.js';

describe('urlDecodeBase64Runs', () => {
  test('decodes %2B %2F %3D inside base64-looking runs only', () => {
    expect(urlDecodeBase64Runs('s=abcd%2Befgh%2Fijkl%3D&x=100%25')).toBe('s=abcd+efgh/ijkl=&x=100%25');
    expect(urlDecodeBase64Runs('short=a%2Fb')).toBeNull(); // runs under 12 chars stay as they are
    expect(urlDecodeBase64Runs('no escapes here')).toBeNull();
  });

  test('linear on a long run without escapes (a data URI next to one escaped value)', () => {
    const blob = fakeBase64(2_000_000).replace(/%/g, '');
    const text = `token=abcdefgh%2Fijklmnop\nimg=${blob}\n`;
    // Quadratic matching takes minutes here; the test times out long before.
    expect(urlDecodeBase64Runs(text)).toBe(`token=abcdefgh/ijklmnop\nimg=${blob}\n`);
  });
});

describe('hasJsonEscapes', () => {
  // The escapes as a regex scans them (each backslash tried in turn, \\n read as \ then \n):
  // the reference the backslash-by-backslash search must agree with.
  const ESCAPE = /\\(?:["/n]|u00[0-9a-fA-F]{2})/g;
  const token = (c: number) => /[A-Za-z0-9+/]/.test(String.fromCharCode(c));
  const reference = (text: string): boolean => {
    for (const m of text.matchAll(ESCAPE)) {
      const end = m.index + m[0].length;
      let after = 0;
      while (after < 16 && end + after < text.length && token(text.charCodeAt(end + after))) after++;
      if (after >= 16) return true;
      if (after > 0 && (m[0][1] === '/' || m[0][1] === 'u')) {
        let before = 0;
        while (before < 16 && m.index - 1 - before >= 0 && token(text.charCodeAt(m.index - 1 - before))) before++;
        if (before > 0 && before + after >= 16) return true;
      }
    }
    return false;
  };

  test('the examples: an escape before or inside a key-like run, not the \\n of a bundle', () => {
    expect(hasJsonEscapes('k=\\"' + 'Ab3dEf6hIj9lMn2pQr')).toBe(true);
    expect(hasJsonEscapes('Ab3dEf6h\\/Ij9lMn2pQr')).toBe(true);
    expect(hasJsonEscapes('Ab3dEf6h\\u002BIj9lMn2p')).toBe(true);
    expect(hasJsonEscapes('a="x\\ny",b="\\"hi\\""')).toBe(false);
    // \\ then n: the second backslash starts \n, as the regex reads it
    expect(hasJsonEscapes('\\\\n' + 'Ab3dEf6hIj9lMn2pQr')).toBe(true);
  });

  test('agrees with the regex scan on random text of backslashes, escapes and key characters', () => {
    const parts = ['\\', '\\\\', '\\n', '\\"', '\\/', '\\u00', '\\u002B', '\\u00g1', 'u', '0', 'F', 'Ab3dEf6h', '+', '/', ' ', '"', 'é', 'n'];
    let seed = 5;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    let hits = 0;
    for (let n = 0; n < 5000; n++) {
      const text = Array.from({ length: 12 }, () => parts[Math.floor(rnd() * parts.length)]).join('');
      expect([text, hasJsonEscapes(text)]).toEqual([text, reference(text)]);
      if (reference(text)) hits++;
    }
    expect(hits).toBeGreaterThan(80);
  });
});
