// Inputs read as a stream (stdin, a FIFO, a large file, a large gzip member): up to
// STREAM_OVER bytes they are held and decoded like any chunk; beyond it, plain UTF-8 text goes
// through the windowed path (./window.ts) and gzip is inflated as a stream into it. Only
// content that must be whole to be decoded (tar, zip, UTF-16, binary strings) is held past
// STREAM_OVER, up to `holdMax` (--max-file-size); beyond that it is a size-cap warning.
import { Readable, pipeline } from 'node:stream';
import zlib from 'node:zlib';
import type { Chunk, Provenance, TextChunk } from '../types.js';
import { displayPath } from '../sources/provenance.js';
import { gunzippedName, gzipName, overLimit, sniffContainer } from './archive.js';
import { Run, child, errMessage } from './run.js';
import { utf16ByBom } from './text.js';
import { textWindows, type WindowOptions } from './window.js';

/** Streams up to this many bytes are held whole (the fast path, all decoders available). */
export const STREAM_OVER = 16 * 1024 * 1024;

export interface StreamHooks extends WindowOptions {
  /** Decode bytes held whole, as expand() would. */
  expand(bytes: Buffer, provenance: Provenance[]): AsyncIterable<TextChunk>;
  /** The most bytes of non-text content held whole (--max-file-size). */
  holdMax: number;
  /** Bytes held before deciding to stream (tests make it small). */
  streamOver?: number;
  /** Called with the number of bytes read once the stream has ended. */
  onEnd?(bytes: number): void;
}

type Held = { whole: Buffer } | { head: Buffer[]; it: AsyncIterator<Uint8Array> };

/** Read until the stream ends (→ whole) or more than `limit` bytes came (→ head + the rest). */
async function hold(src: AsyncIterable<Uint8Array>, limit: number, head: Buffer[] = []): Promise<Held> {
  const it = src[Symbol.asyncIterator]();
  let n = head.reduce((a, b) => a + b.length, 0);
  for (;;) {
    if (n > limit) return { head, it };
    const r = await it.next();
    if (r.done) return { whole: head.length === 1 ? head[0]! : Buffer.concat(head, n) };
    const b = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength);
    head.push(b);
    n += b.length;
  }
}

async function* resume(head: Buffer[], it: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  while (head.length) yield head.shift()!;
  for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
}

/** Counts what passes (for the summary's bytesScanned). */
async function* counted(src: AsyncIterable<Uint8Array>, onEnd?: (n: number) => void): AsyncGenerator<Uint8Array> {
  let n = 0;
  for await (const b of src) {
    n += b.byteLength;
    yield b;
  }
  onEnd?.(n);
}

/** Every text in a byte stream, memory bounded by the windows and holdMax. */
export async function* streamTexts(src: AsyncIterable<Uint8Array>, prov: Provenance[], depth: number, run: Run, hooks: StreamHooks): AsyncGenerator<TextChunk> {
  const over = hooks.streamOver ?? STREAM_OVER;
  const first = await hold(counted(src, hooks.onEnd), over);
  if ('whole' in first) {
    if (first.whole.length) yield* hooks.expand(first.whole, prov);
    return;
  }
  const head = headOf(first.head);
  const kind = sniffContainer(head);
  if (kind === 'gzip' && depth < run.limits.maxDepth) {
    run.ctx.count('archives');
    yield* inflateTexts(resume(first.head, first.it), head, undefined, prov, run, hooks);
    return;
  }
  if (!kind && !utf16ByBom(head) && head.indexOf(0) < 0) {
    yield* textWindows(resume(first.head, first.it), prov, hooks);
    return;
  }
  yield* heldWhole(first.head, first.it, prov, kind ?? 'binary or UTF-16', run, hooks);
}

async function* heldWhole(head: Buffer[], it: AsyncIterator<Uint8Array>, prov: Provenance[], what: string, run: Run, hooks: StreamHooks): AsyncGenerator<TextChunk> {
  const all = await hold({ [Symbol.asyncIterator]: () => it }, hooks.holdMax, head);
  if ('whole' in all) {
    yield* hooks.expand(all.whole, prov);
    return;
  }
  await it.return?.();
  run.ctx.count('sizeCapped');
  run.warn('size-cap', prov, `not scanned: more than ${hooks.holdMax} bytes of ${what} content, which is decoded only when held whole (--max-file-size); plain text of any size is streamed`);
}

/**
 * A gzip stream inflated as it is read. What it inflates to is held and decoded as usual up
 * to STREAM_OVER (a .tar.gz: its entries at `prov`, as decode does), else streamed as text in
 * windows. The entry, budget and ratio caps of decode/ apply to the bytes inflated.
 */
export async function* inflateTexts(src: AsyncIterable<Uint8Array>, gzHead: Uint8Array, compressed: number | undefined, prov: Provenance[], run: Run, hooks: StreamHooks): AsyncGenerator<TextChunk> {
  // A header name other than the one the outer name implies is a name of its own.
  const derived = gunzippedName(lastName(prov[0]));
  const header = gzipName(gzHead);
  const at = header && header !== derived ? run.child(prov, header) : child(prov, derived);
  const cap = Math.min(run.entryCap(), compressed === undefined ? Infinity : run.ratioCap(compressed));
  const z = zlib.createGunzip();
  let failed: Error | undefined;
  pipeline(Readable.from(src, { objectMode: false }), z, (e) => void (e && (failed = e)));
  let inflated = 0;
  let over = false;
  const capped = async function* (): AsyncGenerator<Uint8Array> {
    try {
      for await (const b of z as AsyncIterable<Buffer>) {
        inflated += b.length;
        if (inflated > cap) {
          over = true;
          return;
        }
        yield b;
      }
    } catch (e) {
      failed = e as Error;
    }
  };
  const inner = { ...hooks, streamOver: hooks.streamOver, onEnd: undefined };
  const first = await hold(capped(), hooks.streamOver ?? STREAM_OVER);
  if ('whole' in first) {
    if (!over && first.whole.length) yield* hooks.expand(first.whole, sniffContainer(first.whole) === 'tar' ? prov : at);
  } else {
    const head = headOf(first.head);
    const kind = sniffContainer(head);
    if (!kind && !utf16ByBom(head) && head.indexOf(0) < 0) yield* textWindows(resume(first.head, first.it), at, inner);
    else yield* heldWhole(first.head, first.it, kind === 'tar' ? prov : at, kind ?? 'binary or UTF-16', run, inner);
  }
  z.destroy();
  run.addBytes(Math.min(inflated, cap));
  if (over) overLimit(run, prov, cap + 1, compressed);
  else if (failed) run.warn('archive-corrupt', prov, `corrupt gzip (${failed.message}): scanned the ${inflated} bytes decoded before the damage`);
}

function lastName(p: Provenance | undefined): string {
  if (!p) return '';
  return p.kind === 'archive' ? p.inner : 'path' in p ? p.path : '';
}

/** The first 8 KB of the held pieces (for sniffing), without copying all of them. */
function headOf(pieces: Buffer[]): Buffer {
  const few: Buffer[] = [];
  let n = 0;
  for (const p of pieces) {
    if (n >= 8192) break;
    few.push(p);
    n += p.length;
  }
  return Buffer.concat(few).subarray(0, 8192);
}

/** A large .gz file's single member, inflating as the runner reads it (see stream.ts). */
export async function* singleGunzip(src: AsyncIterable<Buffer>, prov: Provenance[], name: string, depth: number, run: Run, compressedSize: number): AsyncGenerator<Chunk> {
  const cap = Math.min(run.entryCap(), run.ratioCap(compressedSize));
  let inflated = 0;
  let over = false;
  let failed: unknown;
  const at = name === gunzippedName(lastName(prov[0])) ? child(prov, name) : run.child(prov, name);
  const it = src[Symbol.asyncIterator]();
  const held: Buffer[] = [];
  // Up to STREAM_OVER inflated bytes: one chunk, as before. Beyond: handed on as a stream that
  // inflates as the runner reads it (a stream chunk runs on this thread before this generator
  // resumes), so plain text of any size is matched in windows, never held whole.
  const next = async (): Promise<Buffer | undefined> => {
    try {
      const r = await it.next();
      if (r.done) return undefined;
      inflated += r.value.length;
      if (inflated > cap) {
        over = true;
        return undefined;
      }
      return r.value;
    } catch (e) {
      failed = e;
      return undefined;
    }
  };
  let b: Buffer | undefined;
  while (inflated <= STREAM_OVER && (b = await next())) held.push(b);
  const streaming = b !== undefined;
  const end = () => {
    run.addBytes(Math.min(inflated, cap));
    if (over) overLimit(run, prov, cap + 1, compressedSize);
    else if (failed) run.warn('archive-corrupt', prov, `corrupt gzip (${errMessage(failed)}): scanning the ${inflated} bytes decoded before the damage`);
  };
  void depth;
  if (!streaming) {
    end();
    if (!over) yield { id: displayPath(at[0]!), bytes: Buffer.concat(held), provenance: at };
    return;
  }
  const rest = async function* (): AsyncGenerator<Uint8Array> {
    yield* held.splice(0);
    for (let c = await next(); c; c = await next()) yield c;
  };
  yield streamChunk(at, rest());
  end();
}

export function streamChunk(provenance: Provenance[], stream: AsyncIterable<Uint8Array>): Chunk {
  return { id: displayPath(provenance[0]), bytes: new Uint8Array(0), stream, provenance };
}
