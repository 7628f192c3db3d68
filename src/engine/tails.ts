// Whether a keyword hit is followed as its rules' matches need (KeywordTail, derived from the
// patterns by rules/keyword-tail.ts): the check the keyword pass makes on every hit of a key
// with a tail, on raw bytes or on a text.
import type { KeywordTail } from './prefilter.js';

/** One tail both satisfy: the union of the sets, the smaller count. */
export function mergeTails(a: KeywordTail, b: KeywordTail): KeywordTail {
  return { ascii: a.ascii.map((w, i) => w | b.ascii[i]!), min: Math.min(a.min, b.min) };
}

/**
 * Where a token may go on in a view decode makes of the text (decode/text.ts): a string
 * literal joined to the next, an escape (a backslash, % or &), a template's ${, a
 * quoted-printable soft break (=). A tail cut short by one of these still counts, as does
 * one cut by the end of the text (a stream window ends anywhere).
 */
const GOES_ON = new Uint8Array(128);
for (const c of '"\'`\\%&$=') GOES_ON[c.charCodeAt(0)] = 1;

export function tailInBytes(t: KeywordTail, bytes: Uint8Array, from: number): boolean {
  const end = Math.min(bytes.length, from + t.min);
  for (let i = from; i < end; i++) {
    const c = bytes[i]!;
    // a byte above 0x7F is part of a character above it, in UTF-8 as in latin1: in no tail
    if (c <= 0x7f && (t.ascii[c >> 5]! >>> (c & 31)) & 1) continue;
    return c <= 0x7f && GOES_ON[c] === 1;
  }
  return true;
}

export function tailInText(t: KeywordTail, text: string, from: number): boolean {
  const end = Math.min(text.length, from + t.min);
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x7f && (t.ascii[c >> 5]! >>> (c & 31)) & 1) continue;
    return c <= 0x7f && GOES_ON[c] === 1;
  }
  return true;
}
