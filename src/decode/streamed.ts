// Inputs read as a stream (stdin, a FIFO, a large file, a large gzip member): up to
// STREAM_OVER bytes they are held and decoded like any chunk; beyond it, plain UTF-8 text goes
// through the windowed path (./window.ts) and gzip is inflated as a stream into it. Only
// content that must be whole to be decoded (tar, zip, UTF-16, binary strings) is held past
// STREAM_OVER, up to `holdMax` (--max-file-size); beyond that it is a size-cap warning.
import type { Provenance, TextChunk } from '../types.js';
import { sniffContainer } from './archive.js';
import { headOf, hold, resume } from './bytes.js';
import { type Codec, decompressCapped, isCodec } from './decompress.js';
import { gunzipCap, gunzipEnd, gunzippedAt } from './gzip.js';
import { STREAM_OVER } from './limits.js';
import type { Run } from './run.js';
import { utf16ByBom } from './text.js';
import { textWindows, type WindowOptions } from './window.js';

export { STREAM_OVER };

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
  if (isCodec(kind) && depth < run.limits.maxDepth) {
    run.ctx.count('archives');
    yield* inflateTexts(resume(first.head, first.it), head, undefined, prov, run, hooks, kind);
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
 * A gzip (or bzip2, xz, zstd: `codec`) stream inflated as it is read. What it inflates to is held and decoded as usual up
 * to STREAM_OVER (a .tar.gz: its entries at `prov`, as decode does), else streamed as text in
 * windows. The entry, budget and ratio caps of decode/ apply to the bytes inflated.
 */
export async function* inflateTexts(src: AsyncIterable<Uint8Array>, gzHead: Uint8Array, compressed: number | undefined, prov: Provenance[], run: Run, hooks: StreamHooks, codec: Codec = 'gzip'): AsyncGenerator<TextChunk> {
  // Only gzip has a header name (FNAME); the others are named after the outer name.
  const at = gunzippedAt(prov, codec === 'gzip' ? gzHead : new Uint8Array(0), run);
  const g = decompressCapped(codec, src, gunzipCap(run, compressed));
  const inner = { ...hooks, streamOver: hooks.streamOver, onEnd: undefined };
  const first = await hold(g.out, hooks.streamOver ?? STREAM_OVER);
  let tar = false;
  if ('whole' in first) {
    tar = sniffContainer(first.whole) === 'tar';
    if (!g.state.over && first.whole.length) yield* hooks.expand(first.whole, tar ? prov : at);
  } else {
    const head = headOf(first.head);
    const kind = sniffContainer(head);
    tar = kind === 'tar';
    if (!kind && !utf16ByBom(head) && head.indexOf(0) < 0) yield* textWindows(resume(first.head, first.it), at, inner);
    else yield* heldWhole(first.head, first.it, tar ? prov : at, kind ?? 'binary or UTF-16', run, inner);
  }
  g.close();
  gunzipEnd(run, prov, g.state, compressed, tar, codec);
}
