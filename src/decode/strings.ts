// Binaries: media is skipped by magic bytes; anything else (ELF, Mach-O, PE, .class, .dex,
// .so, .pyc, PDF, SQLite…) is reduced to its printable strings, like strings(1), so a key
// compiled in among NUL bytes is still matched.

const MIN_RUN = 8;

function at(b: Uint8Array, off: number, ascii: string): boolean {
  if (off + ascii.length > b.length) return false;
  for (let i = 0; i < ascii.length; i++) if (b[off + i] !== ascii.charCodeAt(i)) return false;
  return true;
}

/** Known media/font formats that cannot hold a readable key: name of the format, or null. */
export function mediaFormat(b: Uint8Array): string | null {
  if (b.length < 4) return null;
  const [b0, b1, b2, b3] = b;
  if (b0 === 0x89 && at(b, 1, 'PNG\r\n\x1a\n')) return 'png';
  if (b0 === 0xff && b1 === 0xd8 && b2 === 0xff) return 'jpeg';
  if (at(b, 0, 'GIF87a') || at(b, 0, 'GIF89a')) return 'gif';
  if (at(b, 0, 'RIFF') && (at(b, 8, 'WEBP') || at(b, 8, 'WAVE') || at(b, 8, 'AVI '))) return 'riff';
  if (at(b, 4, 'ftyp')) return 'iso-bmff'; // mp4, mov, heic, avif, m4a
  if (at(b, 0, 'ID3') || (b0 === 0xff && (b1 === 0xfb || b1 === 0xfa || b1 === 0xf3 || b1 === 0xf2) && (b2 & 0xf0) !== 0xf0)) return 'mp3';
  if (at(b, 0, 'OggS') || at(b, 0, 'fLaC')) return 'audio';
  if (at(b, 0, 'wOFF') || at(b, 0, 'wOF2') || at(b, 0, 'OTTO') || (b0 === 0 && b1 === 1 && b2 === 0 && b3 === 0)) return 'font';
  if (b0 === 0 && b1 === 0 && (b2 === 1 || b2 === 2) && b3 === 0) return 'ico';
  if (b0 === 0x1a && b1 === 0x45 && b2 === 0xdf && b3 === 0xa3) return 'matroska';
  if (at(b, 0, 'BM') && b.length > 14 && b[6] === 0 && b[7] === 0 && b[8] === 0 && b[9] === 0) return 'bmp';
  if (at(b, 0, 'II*\0') || at(b, 0, 'MM\0*')) return 'tiff';
  return null;
}

const isPrint = (c: number) => (c >= 0x20 && c < 0x7f) || c === 0x09;

/**
 * Printable ASCII runs of ≥ 8 bytes, then UTF-16LE runs of ≥ 8 characters (both byte
 * alignments), joined by '\n'. Line numbers of the result count runs, not file lines.
 */
export function extractStrings(b: Uint8Array): string {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const runs: string[] = [];
  const n = b.length;
  let start = -1;
  for (let i = 0; i < n; i++) {
    if (isPrint(b[i])) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (i - start >= MIN_RUN) runs.push(buf.toString('latin1', start, i));
      start = -1;
    }
  }
  if (start >= 0 && n - start >= MIN_RUN) runs.push(buf.toString('latin1', start, n));
  // UTF-16LE: printable byte then NUL, repeated
  for (let parity = 0; parity < 2; parity++) {
    let s = -1;
    let i = parity;
    for (; i + 1 < n; i += 2) {
      if (b[i + 1] === 0 && isPrint(b[i])) {
        if (s < 0) s = i;
      } else if (s >= 0) {
        if ((i - s) / 2 >= MIN_RUN) runs.push(buf.toString('utf16le', s, i));
        s = -1;
      }
    }
    if (s >= 0 && (i - s) / 2 >= MIN_RUN) runs.push(buf.toString('utf16le', s, i));
  }
  return runs.join('\n');
}
