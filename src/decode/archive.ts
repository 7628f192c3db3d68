// Containers are recognised by magic bytes, never by name: zip (./zip.ts), gzip (./gzip.ts),
// bzip2, xz and zstd (./decompress.ts) and tar (./tar.ts; ustar, GNU, pax, and old v7 tars
// by their header checksum).

export type ContainerKind = 'zip' | 'tar' | 'gzip' | 'bzip2' | 'xz' | 'zstd';

/** What container the first bytes (≥ 512 for old-style tar) announce, or null. */
export function sniffContainer(b: Uint8Array): ContainerKind | null {
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 3 && b[3] === 4) return 'zip';
  if (b.length >= 3 && b[0] === 0x1f && b[1] === 0x8b && b[2] === 8) return 'gzip';
  if (b.length >= 512 && isTarHeader(b, 0)) return 'tar';
  return sniffCompressor(b);
}

const BZ_BLOCK = [0x31, 0x41, 0x59, 0x26, 0x53, 0x59]; // pi: a block follows
const BZ_END = [0x17, 0x72, 0x45, 0x38, 0x50, 0x90]; // sqrt(pi): end of an empty stream

function startsWith(b: Uint8Array, off: number, bytes: readonly number[]): boolean {
  if (off + bytes.length > b.length) return false;
  for (let i = 0; i < bytes.length; i++) if (b[off + i] !== bytes[i]) return false;
  return true;
}

/** bzip2 (BZh1–9 and a block or end marker), xz and zstd by their magic. */
function sniffCompressor(b: Uint8Array): ContainerKind | null {
  if (startsWith(b, 0, [0x28, 0xb5, 0x2f, 0xfd])) return 'zstd';
  if (startsWith(b, 0, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0])) return 'xz';
  if (b.length >= 10 && startsWith(b, 0, [0x42, 0x5a, 0x68]) && b[3] >= 0x31 && b[3] <= 0x39 && (startsWith(b, 4, BZ_BLOCK) || startsWith(b, 4, BZ_END))) return 'bzip2';
  return null;
}

const isOctalish = (c: number) => (c >= 0x30 && c <= 0x37) || c === 0x20 || c === 0;

function hasUstarMagic(b: Uint8Array, off: number): boolean {
  return b[off + 257] === 0x75 && b[off + 258] === 0x73 && b[off + 259] === 0x74 && b[off + 260] === 0x61 && b[off + 261] === 0x72;
}

/** A 512-byte tar header at `off`: ustar magic, or (old v7 tar) a valid header checksum. */
export function isTarHeader(b: Uint8Array, off: number): boolean {
  if (off + 512 > b.length || b[off] === 0) return false;
  if (hasUstarMagic(b, off)) return true;
  // quick reject for text: the checksum field must be octal digits / space / NUL
  for (let i = 148; i < 156; i++) if (!isOctalish(b[off + i])) return false;
  return checksumOk(b, off);
}

function checksumOk(b: Uint8Array, off: number): boolean {
  const stored = parseOctal(b, off + 148, 8);
  if (stored < 0) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : b[off + i];
  return stored === sum;
}

/** Octal number field (leading spaces/NULs allowed), -1 when not a number. */
function parseOctal(b: Uint8Array, off: number, len: number): number {
  let i = off;
  const end = off + len;
  while (i < end && (b[i] === 0x20 || b[i] === 0)) i++;
  if (i === end) return 0;
  let n = 0;
  for (; i < end; i++) {
    const c = b[i];
    if (c === 0x20 || c === 0) break;
    if (c < 0x30 || c > 0x37) return -1;
    n = n * 8 + (c - 0x30);
  }
  return n;
}
