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

/** Printable ASCII (and tab) runs, and the same as UTF-16LE (each char followed by NUL). */
const ASCII_RUN = new RegExp(`[\\t\\x20-\\x7e]{${MIN_RUN},}`, 'g');
const UTF16LE_RUN = new RegExp(`(?:[\\t\\x20-\\x7e]\\x00){${MIN_RUN},}`, 'g');

/**
 * Printable ASCII runs of ≥ 8 bytes, then UTF-16LE runs of ≥ 8 characters (both byte
 * alignments), joined by '\n'. Line numbers of the result count runs, not file lines.
 * Regexes over a latin1 view (one char per byte) scan ~10x faster than a JS byte loop.
 * With `ascii: false` (the caller's byte prefilter saw no keyword, so no ASCII run can
 * match) only the UTF-16 runs are taken: their keywords are not visible as ASCII bytes.
 */
export function extractStrings(b: Uint8Array, ascii = true): string {
  const latin1 = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
  const runs: string[] = ascii ? [...(latin1.match(ASCII_RUN) ?? [])] : [];
  // A regex match is aligned wherever it starts, so both byte alignments are covered.
  for (const m of latin1.match(UTF16LE_RUN) ?? []) runs.push(m.replace(/\x00/g, ''));
  return runs.join('\n');
}
