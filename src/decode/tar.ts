// The one tar reader (ustar, GNU, pax, old v7 by header checksum): tar-stream over a byte
// source, in memory or streamed from a file or an inflating gzip, so memory stays bounded by
// the entry being read. Docker save / OCI image tars get a metadata pass first (the source
// is opened twice) to name layers by tag. Entries that are themselves (gzipped) tars — image
// layers, or entries too big to hold — are streamed into, never held whole. What to do with
// an entry's bytes is the caller's (a TarSink): decode them here, or hand them to a worker.
import { Readable } from 'node:stream';
// Type only: tar-stream (CJS, with streamx and friends) loads when a tar is met, not on every run.
import type tar from 'tar-stream';
import type { Provenance } from '../types.js';
import { type Bytes, peek, readCapped } from './bytes.js';
import { gunzipHead, gunzipStream } from './gzip.js';
import { detectImage, imageMetadataWanted, looksLikeImageStart } from './image.js';
import { STREAM_OVER } from './limits.js';
import { type Run, errMessage } from './run.js';
import { sniffContainer } from './archive.js';

type TarEntry = AsyncIterable<Buffer> & { header: tar.Header };

export interface TarSink<T> {
  /** An entry held whole (at most maxEntryBytes), at archive depth `depth`. */
  whole(at: Provenance[], bytes: Buffer, depth: number): AsyncIterable<T>;
  /** An entry over STREAM_OVER, handed on as a stream; without it such entries are held whole. */
  stream?(at: Provenance[], body: Bytes): AsyncIterable<T>;
}

export interface TarInput {
  /** The tar's bytes; called twice for an image (metadata pass, then entries). */
  open(): Bytes;
  /** Compressed size of the source, when the tar is inflated from it (ratio limit). */
  compressed?: number;
}

/** A layer whiteout marker (`.wh.name`, `.wh..wh..opq`): an empty file, never content. */
export function isWhiteout(name: string): boolean {
  const slash = name.lastIndexOf('/');
  return name.startsWith('.wh.', slash + 1);
}

async function* tarEntries(src: Bytes): AsyncGenerator<TarEntry> {
  const { default: tarStream } = await import('tar-stream');
  const extract = tarStream.extract({ allowUnknownFormat: true } as Parameters<typeof tar.extract>[0]);
  const input = Readable.from(src, { objectMode: false });
  input.on('error', (e) => extract.destroy(e));
  input.pipe(extract);
  try {
    yield* extract as AsyncIterable<TarEntry>;
  } finally {
    input.destroy();
  }
}

async function drain(e: AsyncIterable<Buffer>): Promise<void> {
  for await (const _ of e) void _;
}

const entryName = (h: tar.Header) => h.name.replace(/^\.\//, '');

/** Every entry of a tar (image layers named by tag), within the run's limits. */
export async function* readTar<T>(input: TarInput, prov: Provenance[], depth: number, run: Run, sink: TarSink<T>): AsyncGenerator<T> {
  const layers = await imageLayers(input.open);
  if (layers) run.ctx.count('images');
  yield* entries(input.open(), prov, depth, run, sink, layers, input.compressed);
}

/** Layer path → provenance name for a docker save / OCI tar (only if its first entry looks like one). */
async function imageLayers(open: () => Bytes): Promise<Map<string, string> | null> {
  const meta = new Map<string, Uint8Array>();
  try {
    let first = true;
    for await (const e of tarEntries(open())) {
      const name = entryName(e.header);
      if (name === '' || name === '.') {
        await drain(e);
        continue;
      }
      if (first && !looksLikeImageStart(name)) break;
      first = false;
      const size = e.header.size ?? 0;
      if (e.header.type === 'file' && imageMetadataWanted(name, size)) {
        const r = await readCapped(e, 16 * 1024 * 1024);
        if ('out' in r && !('error' in r)) meta.set(name, r.out);
      } else await drain(e);
    }
  } catch {
    // the main pass reports corruption with the entries it could read
  }
  return meta.size ? detectImage((n) => meta.get(n)) : null;
}

async function* entries<T>(src: Bytes, prov: Provenance[], depth: number, run: Run, sink: TarSink<T>, layers: Map<string, string> | null, compressed?: number): AsyncGenerator<T> {
  let inflated = 0;
  try {
    for await (const e of tarEntries(src)) {
      const h = e.header;
      const name = entryName(h);
      const size = h.size ?? 0;
      inflated += 512 + size;
      if (run.stopped) break;
      if (compressed !== undefined && inflated > run.ratioCap(compressed)) {
        run.overLimit(prov, inflated, compressed);
        break;
      }
      if ((h.type !== 'file' && h.type !== 'contiguous-file') || isWhiteout(name)) {
        if (h.type !== 'directory' && h.type !== 'file') run.ctx.count('tarLinksSkipped');
        await drain(e);
        continue;
      }
      if (!run.takeEntry(prov)) break;
      if (run.bytes + size > run.limits.maxArchiveBytes) {
        run.budgetExhausted(prov);
        break;
      }
      run.addBytes(size);
      const layer = layers?.get(name);
      const at = run.child(prov, layer ?? name);
      if (layer || size > run.limits.maxEntryBytes || size > STREAM_OVER) {
        yield* bigEntry(e, at, size, !!layer, depth, run, sink);
        continue;
      }
      const r = await readCapped(e, size);
      if ('error' in r) throw r.error;
      if ('over' in r) throw new Error(`entry ${name} longer than its header says`);
      run.ctx.count('archiveEntries');
      yield* sink.whole(at, r.out, depth + 1);
    }
  } catch (e) {
    run.warn('archive-corrupt', prov, `corrupt or truncated tar: ${errMessage(e)} (entries before it were scanned)`);
  }
}

/** An image layer or an entry too big to hold: a (gzipped) tar is streamed into, the rest capped. */
async function* bigEntry<T>(e: TarEntry, at: Provenance[], size: number, layer: boolean, depth: number, run: Run, sink: TarSink<T>): AsyncGenerator<T> {
  const { limits } = run;
  const p = await peek(e, 4096);
  const kind = sniffContainer(p.head);
  try {
    if ((kind === 'tar' || kind === 'gzip') && depth + 1 >= limits.maxDepth) {
      run.depthLimit(at, kind);
      return;
    }
    if (kind === 'tar' || kind === 'gzip') {
      run.ctx.count(layer ? 'imageLayers' : 'archives');
      if (kind === 'tar') {
        yield* entries(p.all, at, depth + 1, run, sink, null);
        return;
      }
      if (sniffContainer(gunzipHead(p.head)) === 'tar') {
        yield* entries(gunzipStream(p.all), at, depth + 1, run, sink, null, size);
        return;
      }
    } else run.ctx.count('archiveEntries');
    if (size > limits.maxEntryBytes) run.sizeCap(at);
    else if (size > STREAM_OVER && sink.stream) yield* sink.stream(at, p.all);
    else {
      const r = await readCapped(p.all, size);
      if ('error' in r) throw r.error;
      if ('out' in r) yield* sink.whole(at, r.out, depth + 1);
    }
  } finally {
    await p.drain();
  }
}
