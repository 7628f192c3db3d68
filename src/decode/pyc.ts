// Compiled Python (.pyc): a 2-byte version magic and "\r\n", then marshal data. The string
// objects of the marshal stream (types s t u a A z Z, with or without the reference flag) are
// carved out in order, one per line, so constants that marshal packs side by side (a key id
// next to its secret, joined by a length byte that happens to be printable) stay separate
// values. Carving, not a full marshal parse: the code object's layout changes with each
// Python version, the string encodings have not changed since 3.4.
import type { Provenance, TextChunk } from '../types.js';

/** Known magic numbers: Python 2.7 (62211) and 3.0 to 3.15 (3000–3799). */
export function isPyc(b: Uint8Array): boolean {
  if (b.length < 16 || b[2] !== 0x0d || b[3] !== 0x0a) return false;
  const magic = b[0] | (b[1] << 8);
  return magic === 62211 || (magic >= 3000 && magic < 3800);
}

/** Header bytes before the marshal data: 16 since 3.7, 12 for 3.3–3.6, else 8. */
function headerLength(b: Uint8Array): number {
  const magic = b[0] | (b[1] << 8);
  if (magic >= 3390 && magic < 3800) return 16;
  return magic >= 3230 && magic < 3390 ? 12 : 8;
}

const le32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;

function printableAscii(b: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = b[i];
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13) || c > 0x7e) return false;
  }
  return true;
}

const TEXT = /^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]+$/;

/** The string object at `o`: [text, end], or null when the bytes there are not one. */
function stringAt(b: Uint8Array, o: number): [string, number] | null {
  const t = b[o] & 0x7f; // 0x80: FLAG_REF, the object may be referenced later
  if (t === 0x7a || t === 0x5a) {
    // z Z: short ASCII, 1-byte length
    const end = o + 2 + b[o + 1];
    if (b[o + 1] === 0 || end > b.length || !printableAscii(b, o + 2, end)) return null;
    return [Buffer.from(b.buffer, b.byteOffset + o + 2, b[o + 1]).toString('latin1'), end];
  }
  if (t !== 0x61 && t !== 0x41 && t !== 0x75 && t !== 0x74 && t !== 0x73) return null;
  if (o + 5 > b.length) return null;
  const n = le32(b, o + 1);
  const end = o + 5 + n;
  if (n === 0 || end > b.length) return null;
  const s = Buffer.from(b.buffer, b.byteOffset + o + 5, n).toString(t === 0x61 || t === 0x41 ? 'latin1' : 'utf8');
  if ((t === 0x61 || t === 0x41) && !printableAscii(b, o + 5, end)) return null;
  return TEXT.test(s) ? [s, end] : null; // s: bytes (bytecode, or a Python 2 str) only when text
}

/** The marshal strings of a .pyc as one text, one string per line (empty when none). */
export function pycStrings(b: Uint8Array): string {
  const out: string[] = [];
  for (let o = headerLength(b); o < b.length; ) {
    const s = stringAt(b, o);
    if (!s) {
      o++;
      continue;
    }
    // a string with a line break would shift the lines of the ones after it: one line each
    if (s[0].length >= 2) out.push(s[0].replace(/[\r\n]+/g, ' '));
    o = s[1];
  }
  return out.join('\n');
}

export function pycText(b: Uint8Array, prov: Provenance[]): TextChunk | null {
  const text = pycStrings(b);
  return text ? { text, provenance: prov, encoding: 'pyc' } : null;
}
