// File names as bytes: what a name that is not UTF-8 looks like, and how it is opened.
import { displayName, fsPath, rawPath } from '../../src/sources/names.js';

describe('displayName', () => {
  it.each([
    [[0x6b, 0xff, 0x2e, 0x65, 0x6e, 0x76], 'k\\xff.env'],
    [[...Buffer.from('caf\u00e9')], 'caf\u00e9'], // valid UTF-8 stays as it is
    [[0xc3], '\\xc3'], // a sequence cut short
    [[0xc0, 0xaf], '\\xc0\\xaf'], // an overlong '/'
    [[0xed, 0xa0, 0x80], '\\xed\\xa0\\x80'], // a UTF-16 surrogate
    [[0xf4, 0x90, 0x80, 0x80], '\\xf4\\x90\\x80\\x80'], // beyond U+10FFFF
    [[0xe2, 0x82, 0xac, 0x80, 0x41], '\u20ac\\x80A'], // a valid sequence, a stray continuation byte
    [[...Buffer.from('\u{1f511}'), 0xfe], '\u{1f511}\\xfe'],
  ])('%j → %s', (bytes, shown) => {
    expect(displayName(Uint8Array.from(bytes))).toBe(shown);
  });
});

describe('rawPath / fsPath', () => {
  it('carries bytes through a string and back exactly; a plain path is left alone', () => {
    const bytes = Buffer.from([0x2f, 0x74, 0x2f, 0x6b, 0xff, 0x80, 0x2e]);
    const back = fsPath(rawPath(bytes));
    expect(Buffer.isBuffer(back) && back.equals(bytes)).toBe(true);
    expect(fsPath('/t/k.env')).toBe('/t/k.env');
  });
});
