// Compressed fixtures written at test time, without system tools: a small but real bzip2
// encoder (RLE1, naive BWT, MTF/RLE2, one flat Huffman code), xz with uncompressed LZMA2
// chunks, zstd with raw blocks. Each output is a valid stream that bzip2/xz/zstd(1) accept.
import { crc32 } from './archives.js';

// ------------------------------------------------------------------ bzip2

class Bits {
  private out: number[] = [];
  private acc = 0;
  private n = 0;
  put(bits: number, value: number): void {
    for (let i = bits - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value / 2 ** i) & 1);
      if (++this.n === 8) {
        this.out.push(this.acc);
        this.acc = 0;
        this.n = 0;
      }
    }
  }
  bytes(): Buffer {
    if (this.n) this.put(8 - this.n, 0);
    return Buffer.from(this.out);
  }
}

const BZ_CRC = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    t[i] = c >>> 0;
  }
  return t;
})();

function bzCrc(b: Uint8Array): number {
  let c = 0xffffffff;
  for (const x of b) c = ((c << 8) ^ BZ_CRC[((c >>> 24) ^ x) & 0xff]) >>> 0;
  return ~c >>> 0;
}

function rle1(b: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < b.length; ) {
    let run = 1;
    while (i + run < b.length && b[i + run] === b[i] && run < 259) run++;
    if (run >= 4) {
      out.push(b[i], b[i], b[i], b[i], run - 4);
    } else for (let k = 0; k < run; k++) out.push(b[i]);
    i += run;
  }
  return out;
}

function bwt(s: number[]): { last: number[]; ptr: number } {
  const n = s.length;
  const idx = [...Array(n).keys()].sort((a, b) => {
    for (let k = 0; k < n; k++) {
      const d = s[(a + k) % n] - s[(b + k) % n];
      if (d) return d;
    }
    return 0;
  });
  return { last: idx.map((i) => s[(i + n - 1) % n]), ptr: idx.indexOf(0) };
}

/** MTF + RLE2 symbols (RUNA 0, RUNB 1, byte at MTF position j → j+1, EOB last). */
function mtfSymbols(last: number[], used: number[]): number[] {
  const list = [...used];
  const out: number[] = [];
  let zeros = 0;
  const flush = () => {
    // bijective base 2: RUNA = 1, RUNB = 2 at each digit
    for (let z = zeros; z > 0; z = Math.floor((z - 1) / 2)) out.push((z - 1) % 2);
    zeros = 0;
  };
  for (const c of last) {
    const j = list.indexOf(c);
    if (j === 0) {
      zeros++;
      continue;
    }
    flush();
    list.splice(j, 1);
    list.unshift(c);
    out.push(j + 1);
  }
  flush();
  out.push(used.length + 1);
  return out;
}

function bzBlock(w: Bits, data: Uint8Array): number {
  const { last, ptr } = bwt(rle1(data));
  const used = [...new Set(last)].sort((a, b) => a - b);
  const syms = mtfSymbols(last, used);
  const alpha = used.length + 2;
  const len = Math.max(1, Math.ceil(Math.log2(alpha)));
  const crc = bzCrc(data);
  w.put(24, 0x314159);
  w.put(24, 0x265359);
  w.put(32, crc);
  w.put(1, 0); // not randomised
  w.put(24, ptr);
  const groups = new Set(used.map((c) => c >> 4));
  for (let g = 0; g < 16; g++) w.put(1, groups.has(g) ? 1 : 0);
  for (let g = 0; g < 16; g++) if (groups.has(g)) for (let k = 0; k < 16; k++) w.put(1, used.includes(g * 16 + k) ? 1 : 0);
  const nSel = Math.ceil(syms.length / 50);
  w.put(3, 2); // two tables, both the same flat code
  w.put(15, nSel);
  for (let i = 0; i < nSel; i++) w.put(1, 0);
  for (let t = 0; t < 2; t++) {
    w.put(5, len);
    for (let i = 0; i < alpha; i++) w.put(1, 0);
  }
  for (const s of syms) w.put(len, s);
  return crc;
}

/** A bzip2 stream of `data` (blocks of up to `block` bytes; keep inputs small: the BWT is naive). */
export function bzip2(data: Uint8Array | string, block = 4000): Buffer {
  const b = typeof data === 'string' ? Buffer.from(data) : data;
  const w = new Bits();
  w.put(24, 0x425a68);
  w.put(8, 0x31);
  let combined = 0;
  for (let o = 0; o < b.length; o += block) {
    const crc = bzBlock(w, b.subarray(o, o + block));
    combined = (((combined << 1) | (combined >>> 31)) ^ crc) >>> 0;
  }
  w.put(24, 0x177245);
  w.put(24, 0x385090);
  w.put(32, combined);
  return w.bytes();
}

// ------------------------------------------------------------------ xz

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

const le32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
const pad4 = (a: number[]) => {
  while (a.length % 4) a.push(0);
  return a;
};
const withCrc = (a: number[]) => [...a, ...le32(crc32(Buffer.from(a)))];

/** An xz stream (no check) of one block of uncompressed LZMA2 chunks. */
export function xz(data: Uint8Array | string): Buffer {
  const b = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data);
  const flags = [0, 0];
  const header = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0, ...withCrc(flags).slice(0, 2), ...le32(crc32(Buffer.from(flags)))];
  // block header: size, flags (one filter), LZMA2 filter (id 0x21, 1 property byte: dict 8 MiB)
  const bh = pad4([0, 0x00, 0x21, 1, 18]);
  bh[0] = (bh.length + 4) / 4 - 1;
  const blockHeader = withCrc(bh);
  const lz: number[] = [];
  for (let o = 0; o < b.length; o += 65536) {
    const piece = b.subarray(o, o + 65536);
    lz.push(o === 0 ? 1 : 2, (piece.length - 1) >> 8, (piece.length - 1) & 0xff, ...piece);
  }
  lz.push(0);
  const unpadded = blockHeader.length + lz.length;
  const block = pad4([...blockHeader, ...lz]);
  const index = withCrc(pad4([0, ...varint(1), ...varint(unpadded), ...varint(b.length)]));
  const backward = le32(index.length / 4 - 1);
  const footer = [...le32(crc32(Buffer.from([...backward, ...flags]))), ...backward, ...flags, 0x59, 0x5a];
  return Buffer.from([...header, ...block, ...index, ...footer]);
}

// ------------------------------------------------------------------ zstd

/** A zstd frame of raw blocks (no checksum, no content size). */
export function zstd(data: Uint8Array | string): Buffer {
  const b = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data);
  const out: number[] = [0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x58]; // descriptor 0, window 2 MiB
  const max = 128 * 1024;
  let o = 0;
  do {
    const piece = b.subarray(o, o + max);
    o += piece.length;
    const last = o >= b.length ? 1 : 0;
    const h = (piece.length << 3) | last; // type 0: raw
    out.push(h & 0xff, (h >>> 8) & 0xff, (h >>> 16) & 0xff, ...piece);
  } while (o < b.length);
  return Buffer.from(out);
}

/** A zstd frame of RLE blocks: `n` copies of `byte` in 4 bytes per 128 KiB (a bomb in a few bytes). */
export function zstdRle(byte: number, n: number): Buffer {
  const out: number[] = [0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x58];
  for (let left = n; left > 0; ) {
    const size = Math.min(left, 128 * 1024);
    left -= size;
    const h = (size << 3) | (1 << 1) | (left === 0 ? 1 : 0); // type 1: RLE
    out.push(h & 0xff, (h >>> 8) & 0xff, (h >>> 16) & 0xff, byte);
  }
  return Buffer.from(out);
}
