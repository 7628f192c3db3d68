// The one gzip reader (multi-member, node:zlib). Bytes in memory whose trailer says they
// inflate small are inflated in one synchronous call; anything else is inflated as a stream.
// Either way the same caps (entry size, remaining budget, ratio) bound the output and the
// same function words the warnings, so a .gz reads the same whichever path held it.
import { Readable, pipeline } from 'node:stream';
import zlib from 'node:zlib';
import type { Provenance } from '../types.js';
import type { Bytes } from './bytes.js';
import { STREAM_OVER } from './limits.js';
import { type Run, child, errMessage } from './run.js';

/** FNAME from a gzip header, when present. */
export function gzipName(b: Uint8Array): string | undefined {
  if (b.length < 10) return undefined;
  const flg = b[3];
  if (!(flg & 8)) return undefined;
  let i = 10;
  if (flg & 4) {
    if (i + 2 > b.length) return undefined;
    i += 2 + (b[i] | (b[i + 1] << 8));
  }
  let end = i;
  while (end < b.length && b[end] !== 0) end++;
  if (end >= b.length || end === i) return undefined;
  const name = Buffer.from(b.buffer, b.byteOffset + i, end - i).toString('latin1');
  return name.slice(name.lastIndexOf('/') + 1) || undefined;
}

/** Compressor suffixes that stand for `.tar.<suffix>` (.tgz, .tbz2, .txz, .tzst…). */
const TAR_SHORT = /\.(?:tgz|tbz2?|tbz|txz|tzst|tlz)$/i;
/** Suffixes of the other compressors (./decompress.ts), dropped like .gz. */
const OTHER_SUFFIX = /\.(?:bz2|bz|xz|zst|zstd|lzma)$/i;

/** Inner name for a gzip member without FNAME (or any other compressor's content): the outer name minus .gz (.tgz → .tar). */
export function gunzippedName(outerName: string): string {
  const base = outerName.slice(outerName.lastIndexOf('/') + 1);
  const short = TAR_SHORT.exec(base);
  if (short && short.index > 0) return base.slice(0, short.index) + '.tar';
  const other = OTHER_SUFFIX.exec(base);
  if (other && other.index > 0) return base.slice(0, other.index);
  if (/\.svgz$/i.test(base)) return base.slice(0, -1);
  if (/\.gz$/i.test(base) && base.length > 3) return base.slice(0, -3);
  if (/\.z$/i.test(base) && base.length > 2) return base.slice(0, -2);
  return base || 'gunzipped';
}

/**
 * The inner name of a gzip member without a name of its own, directly inside content decoded
 * without knowing where it was seen (a runner's content root, runtime/work.ts): the main
 * thread names it after each place the content was seen (gunzippedIn), when it joins them.
 */
export const GUNZIPPED_IN_OUTER = '\u0000gunzipped';

function lastName(p: Provenance | undefined): string {
  if (!p) return '';
  // A content root's id is its file's path for files (a git blob's id is its object id).
  return p.kind === 'archive' ? p.inner : p.kind === 'content' ? p.id : 'path' in p ? p.path : '';
}

/** The inner name of a gzip member without FNAME at `outer`: its name minus .gz. */
export function gunzippedIn(outer: Provenance): string {
  return gunzippedName(lastName(outer));
}

/**
 * Where a gzip's content sits: under the outer name minus .gz, or under the header's name
 * when it is another (a name of its own, so it is handed on to the name scan).
 */
export function gunzippedAt(prov: Provenance[], head: Uint8Array, run: Run): Provenance[] {
  const derived = gunzippedName(lastName(prov[0]));
  const header = gzipName(head);
  if (header && header !== derived) return run.child(prov, header);
  return child(prov, prov[0]?.kind === 'content' ? GUNZIPPED_IN_OUTER : derived);
}

/** A gzip member's ISIZE trailer: its inflated size mod 2^32 (a hint; the caps still apply). */
export function inflatedSizeHint(b: Uint8Array): number {
  if (b.length < 18) return 0;
  const o = b.length - 4;
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;
}

/**
 * The one whole-or-stream decision: bytes in memory whose trailer says they inflate to at
 * most STREAM_OVER are inflated in one call (gunzipWhole: fast, and a corrupt member keeps
 * what came before the damage); anything larger, or not in memory, is inflated as a stream.
 */
export function inflatesSmall(b: Uint8Array): boolean {
  return inflatedSizeHint(b) <= STREAM_OVER;
}

/** Output cap for a gzip of `compressed` bytes (unknown for a stream of unknown length). */
export function gunzipCap(run: Run, compressed: number | undefined): number {
  return Math.min(run.entryCap(), compressed === undefined ? Infinity : run.ratioCap(compressed));
}

export interface Gunzipped {
  inflated: number;
  cap: number;
  over: boolean;
  error?: unknown;
}

/** Account for what a gzip inflated to, and say why it stopped early: the one place for both. */
export function gunzipEnd(run: Run, prov: Provenance[], g: Gunzipped, compressed: number | undefined, tar = false, codec = 'gzip'): void {
  // A tar's entries count themselves (./tar.ts): its gzip does not count them twice.
  if (!tar) run.addBytes(Math.min(g.inflated, g.cap));
  if (g.over) run.overLimit(prov, g.cap + 1, compressed);
  else if (g.error) run.warn('archive-corrupt', prov, `corrupt ${codec} (${errMessage(g.error)}): scanned the ${g.inflated} bytes decoded before the damage`);
}

const tooLarge = (e: unknown) => (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';

/** Gunzip all members of `b` in one call, at most `cap` bytes out (the small in-memory case). */
export function gunzipWhole(b: Uint8Array, cap: number): { out: Buffer } & Gunzipped {
  const maxOutputLength = Math.max(1, Math.min(cap + 1, 2 ** 32));
  const empty = Buffer.alloc(0);
  try {
    const out = zlib.gunzipSync(b, { maxOutputLength });
    if (out.length > cap) return { out: empty, inflated: 0, cap, over: true };
    return { out, inflated: out.length, cap, over: false };
  } catch (e) {
    if (tooLarge(e)) return { out: empty, inflated: 0, cap, over: true };
    // corrupt, truncated or bad trailer: inflate the first member's deflate data raw
    // (no trailer check, partial output kept) to scan what came before the damage
    const start = gzipHeaderLength(b);
    if (start < 0) return { out: empty, inflated: 0, cap, over: false, error: e };
    try {
      const out = zlib.inflateRawSync(b.subarray(start), { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength });
      if (out.length > cap) return { out: empty, inflated: 0, cap, over: true };
      return { out, inflated: out.length, cap, over: false, error: e };
    } catch (e2) {
      if (tooLarge(e2)) return { out: empty, inflated: 0, cap, over: true };
      return { out: empty, inflated: 0, cap, over: false, error: e };
    }
  }
}

/** The first bytes a gzip head inflates to (for sniffing a .tar.gz without consuming the source). */
export function gunzipHead(head: Uint8Array): Buffer {
  const start = gzipHeaderLength(head);
  if (start < 0) return Buffer.alloc(0);
  try {
    return zlib.inflateRawSync(head.subarray(start, start + 4096), { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: 1 << 22 });
  } catch {
    return Buffer.alloc(0);
  }
}

/** Bytes before the deflate data of a gzip member, -1 if the header is cut short. */
function gzipHeaderLength(b: Uint8Array): number {
  if (b.length < 10) return -1;
  const flg = b[3];
  let i = 10;
  if (flg & 4) i += 2 + (b[i] | (b[i + 1] << 8));
  if (flg & 8) { while (i < b.length && b[i] !== 0) i++; i++; }
  if (flg & 16) { while (i < b.length && b[i] !== 0) i++; i++; }
  if (flg & 2) i += 2;
  return i <= b.length ? i : -1;
}

/** Inflated pieces of 256 KB, not zlib's 16 KB: far fewer hops through the stream machinery per MB. */
const STREAM_CHUNK = { chunkSize: 256 * 1024 };

/** A gzip source inflated as a stream (errors end it; see gunzipCapped for the caps). */
export function gunzipStream(src: AsyncIterable<Uint8Array>): Bytes {
  const z = zlib.createGunzip(STREAM_CHUNK);
  pipeline(Readable.from(src, { objectMode: false }), z, () => {});
  return z;
}

/**
 * A gzip source inflated as a stream, at most `cap` bytes out. `state` says, once `out`
 * has ended, how many bytes came and why it stopped (for gunzipEnd).
 */
export function gunzipCapped(src: AsyncIterable<Uint8Array>, cap: number): { out: AsyncGenerator<Buffer>; state: Gunzipped; close(): void } {
  const z = zlib.createGunzip(STREAM_CHUNK);
  const state: Gunzipped = { inflated: 0, cap, over: false };
  pipeline(Readable.from(src, { objectMode: false }), z, (e) => void (e && (state.error ??= e)));
  const out = async function* (): AsyncGenerator<Buffer> {
    try {
      for await (const b of z as AsyncIterable<Buffer>) {
        state.inflated += b.length;
        if (state.inflated > cap) {
          state.over = true;
          return;
        }
        yield b;
      }
    } catch (e) {
      state.error ??= e;
    }
  };
  return { out: out(), state, close: () => z.destroy() };
}
