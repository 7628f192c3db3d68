// PyPI tokens are macaroons: decoded structure, on tokens built at test time.
import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { isPypiToken, makePypiToken, parseMacaroon } from '../../../src/providers/pypi/macaroon.js';

describe('pypi-macaroon', () => {
  it('accepts a PyPI and a TestPyPI token, with the documented headers', () => {
    const t = makePypiToken('pypi.org', randomBytes);
    expect(t.startsWith('pypi-AgEIcHlwaS5vcmc')).toBe(true);
    expect(isPypiToken(t)).toBe(true);
    const test = makePypiToken('test.pypi.org', randomBytes);
    expect(test.startsWith('pypi-AgENdGVzdC5weXBpLm9y')).toBe(true);
    expect(isPypiToken(test)).toBe(true);
    expect(parseMacaroon(Buffer.from(t.slice(5), 'base64url'))).toEqual(expect.objectContaining({ location: 'pypi.org', caveats: 1 }));
  });

  it('rejects a truncated token, random bytes after the header, another location, bytes after the signature', () => {
    expect(isPypiToken(makePypiToken('pypi.org', randomBytes, { truncate: 3 }))).toBe(false);
    expect(isPypiToken('pypi-AgEIcHlwaS5vcmc' + randomBytes(90).toString('base64url'))).toBe(false);
    expect(isPypiToken(makePypiToken('example.org', randomBytes))).toBe(false);
    expect(isPypiToken(makePypiToken('pypi.org', randomBytes) + 'AAAA')).toBe(false);
    expect(isPypiToken('pypi-')).toBe(false);
  });
});
