// File names are bytes, not text: a name that is not UTF-8 cannot be opened through a JS
// string (Node encodes strings as UTF-8, so the bytes would change and the open fail with
// ENOENT). Such names travel as raw bytes for opening and as an escaped string for display.
import { isUtf8 } from 'node:buffer';

/**
 * A name shown as text: its UTF-8 parts as they are, each byte that is not part of a valid
 * UTF-8 sequence as `\xNN` (the same escape the text report uses for control characters), so
 * the display says the name is not UTF-8 and which bytes it holds.
 */
export function displayName(name: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < name.length) {
    const n = validSequence(name, i);
    if (n) {
      out += Buffer.from(name.buffer, name.byteOffset + i, n).toString('utf8');
      i += n;
    } else {
      out += `\\x${name[i]!.toString(16).padStart(2, '0')}`;
      i++;
    }
  }
  return out;
}

/** Length of the valid UTF-8 sequence at i (1–4), or 0 (RFC 3629: no overlongs, no surrogates). */
function validSequence(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k]! >= lo && b[i + k]! <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const lo = c === 0xe0 ? 0xa0 : 0x80;
    const hi = c === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const lo = c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

export function isUtf8Name(name: Uint8Array): boolean {
  return isUtf8(name);
}

/**
 * A path of raw bytes as a string that can ride in `Chunk.readFrom` (a string, sent to the
 * workers as such): a NUL, which no path can contain, then the bytes one char each (latin1).
 */
export function rawPath(bytes: Uint8Array): string {
  return '\0' + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** What fs functions take for a `Chunk.readFrom`: the string itself, or the raw bytes. */
export function fsPath(p: string): string | Buffer {
  return p.charCodeAt(0) === 0 ? Buffer.from(p.slice(1), 'latin1') : p;
}
