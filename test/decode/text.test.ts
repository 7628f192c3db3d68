import { describe, expect, test } from '@jest/globals';
import { urlDecodeBase64Runs } from '../../src/decode/text.js';
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
