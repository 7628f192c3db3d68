// Streaming for archives too big to hold in memory (sources call this above their in-memory
// threshold). tar / tar.gz / .gz are read sequentially (fs → zlib → tar-stream); zip by
// random access (yauzl.open). Each entry is yielded as a Chunk of at most maxEntryBytes;
// nested containers inside those chunks are opened later by expand(), which continues the
// depth count from the chunk's provenance. Image layers and entries too big for one chunk
// that are themselves (gzipped) tars are streamed into, never buffered whole. Entries over
// 16 MB and a single .gz's member are handed on as stream chunks (./streamed.ts), matched in
// windows by the runner on this thread.
import fs from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import zlib from 'node:zlib';
import tar from 'tar-stream';
import yauzl from 'yauzl';
import type { Chunk, Provenance } from '../types.js';
import { displayPath } from '../sources/provenance.js';
import { fsPath } from '../sources/names.js';
import { gunzippedName, gzipName, isWhiteout, overLimit, readCapped, sniffContainer, zipEntries } from './archive.js';
import { detectImage, imageMetadataWanted, looksLikeImageStart } from './image.js';
import type { DecodeContext, DecodeLimits } from './limits.js';
import { Run, archiveDepth, child, errMessage } from './run.js';
import { STREAM_OVER, singleGunzip, streamChunk } from './streamed.js';

export { sniffContainer };

type Bytes = AsyncIterable<Buffer>;

const IN_MEMORY_ZIP = 256 * 1024 * 1024;
type TarEntry = AsyncIterable<Buffer> & { header: tar.Header };

/**
 * Stream the entries of the container file at `path` as Chunks. Yields nothing and returns
 * false when the file is not a container (by magic bytes); the caller then reads it as usual.
 */
export async function* expandFileStream(file: string, provenance: Provenance, limits: DecodeLimits, ctx: DecodeContext): AsyncGenerator<Chunk, boolean> {
  const path = fsPath(file); // a name that is not UTF-8 is opened by its bytes
  const run = new Run(limits, ctx);
  const prov = [provenance];
  const depth = archiveDepth(provenance);
  let head: Buffer;
  let fileSize: number;
  try {
    ({ head, fileSize } = await readHead(path, 512));
  } catch (e) {
    run.warn('unreadable', prov, `cannot read: ${errMessage(e)}`);
    return false;
  }
  const kind = sniffContainer(head);
  if (!kind) return false;
  if (depth >= limits.maxDepth) {
    run.warn('depth-limit', prov, `${kind} nested more than ${limits.maxDepth} archive levels deep (maxDepth): not opened`);
    return true;
  }
  ctx.count('archives');
  if (kind === 'zip') {
    let zf: yauzl.ZipFile;
    // Up to IN_MEMORY_ZIP the file is read whole: inflating each entry in one call is ~3x
    // faster than a read stream per entry. Larger zips are read by random access.
    let source: Buffer | undefined;
    try {
      if (fileSize <= IN_MEMORY_ZIP) {
        source = await fs.promises.readFile(path);
        zf = await yauzl.fromBufferPromise(source, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
      } else {
        // yauzl passes the path to fs.open, which takes bytes too.
        zf = await yauzl.openPromise(path as string, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false, autoClose: false });
      }
    } catch (e) {
      run.warn('archive-corrupt', prov, `corrupt or truncated zip: ${errMessage(e)}`);
      return true;
    }
    for await (const item of zipEntries(zf, prov, run, source)) {
      ctx.count('archiveEntries');
      yield chunk(child(prov, item.name), item.bytes);
    }
    return true;
  }
  if (kind === 'tar') {
    yield* imageOrTar(() => fs.createReadStream(path), prov, depth, run);
    return true;
  }
  // gzip: a .tar.gz streams as a tar; anything else is one (capped) file
  const open = () => gunzip(fs.createReadStream(path));
  const peeked = await peek(open(), 512).catch(() => undefined);
  await peeked?.close();
  if (peeked && sniffContainer(peeked.head) === 'tar') {
    yield* imageOrTar(open, prov, depth, run, fileSize);
  } else {
    yield* singleGunzip(open(), prov, gzipName(head) ?? gunzippedName(lastName(provenance)), depth, run, fileSize);
  }
  return true;
}

async function readHead(path: string | Buffer, n: number): Promise<{ head: Buffer; fileSize: number }> {
  const fh = await fs.promises.open(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    const { size } = await fh.stat();
    return { head: buf.subarray(0, bytesRead), fileSize: size };
  } finally {
    await fh.close();
  }
}

function lastName(p: Provenance): string {
  return p.kind === 'archive' ? p.inner : 'path' in p ? p.path : '';
}

function chunk(provenance: Provenance[], bytes: Uint8Array): Chunk {
  return { id: displayPath(provenance[0]), bytes, provenance };
}

function gunzip(src: Bytes): Bytes {
  const z = zlib.createGunzip();
  pipeline(Readable.from(src, { objectMode: false }), z, () => {});
  return z;
}

interface Peeked {
  head: Buffer;
  /** Every byte of the source, the head included. */
  all: Bytes;
  /** Consume whatever `all` did not (a tar entry must be read to its end). */
  drain(): Promise<void>;
  /** Stop the source early. */
  close(): Promise<void>;
}

async function peek(src: Bytes, n: number): Promise<Peeked> {
  const it = src[Symbol.asyncIterator]();
  const parts: Buffer[] = [];
  let len = 0;
  let done = false;
  while (len < n) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    parts.push(r.value);
    len += r.value.length;
  }
  const head = Buffer.concat(parts);
  let headSent = false;
  async function* all(): Bytes {
    if (!headSent && head.length) {
      headSent = true;
      yield head;
    }
    while (!done) {
      const r = await it.next();
      if (r.done) done = true;
      else yield r.value;
    }
  }
  return {
    head,
    all: all(),
    async drain() {
      while (!done) if ((await it.next()).done) done = true;
    },
    async close() {
      if (!done) {
        done = true;
        await it.return?.();
      }
    },
  };
}

async function* tarEntries(src: Bytes): AsyncGenerator<TarEntry> {
  const extract = tar.extract({ allowUnknownFormat: true } as Parameters<typeof tar.extract>[0]);
  const input = Readable.from(src, { objectMode: false });
  input.on('error', (e) => extract.destroy(e));
  input.pipe(extract);
  try {
    yield* extract as AsyncIterable<TarEntry>;
  } finally {
    input.destroy();
  }
}

/** A docker save / OCI tar gets a metadata pass first (only if its first entry looks like one). */
async function* imageOrTar(open: () => Bytes, prov: Provenance[], depth: number, run: Run, compressedSize?: number): AsyncGenerator<Chunk> {
  let layers: Map<string, string> | null = null;
  try {
    const meta = new Map<string, Uint8Array>();
    let first = true;
    for await (const e of tarEntries(open())) {
      const name = e.header.name.replace(/^\.\//, '');
      if (name === '' || name === '.') {
        await drainEntry(e);
        continue;
      }
      if (first && !looksLikeImageStart(name)) break;
      first = false;
      const size = e.header.size ?? 0;
      if (e.header.type === 'file' && imageMetadataWanted(name, size)) {
        const r = await readCapped(e, 16 * 1024 * 1024);
        if (!r.over && !r.error) meta.set(name, r.out);
      } else await drainEntry(e);
    }
    if (meta.size) layers = detectImage((n) => meta.get(n));
    if (layers) run.ctx.count('images');
  } catch {
    // the main pass reports corruption with the entries it could read
  }
  yield* streamTar(open(), prov, depth, run, layers, compressedSize);
}

async function drainEntry(e: TarEntry): Promise<void> {
  for await (const _ of e) void _;
}

async function* streamTar(src: Bytes, prov: Provenance[], depth: number, run: Run, layers: Map<string, string> | null, compressedSize?: number): AsyncGenerator<Chunk> {
  const { limits } = run;
  let inflated = 0;
  try {
    for await (const e of tarEntries(src)) {
      const h = e.header;
      const name = h.name.replace(/^\.\//, '');
      const size = h.size ?? 0;
      inflated += 512 + size;
      if (run.stopped) break;
      if (compressedSize !== undefined && inflated > run.ratioCap(compressedSize)) {
        overLimit(run, prov, inflated, compressedSize);
        break;
      }
      if ((h.type !== 'file' && h.type !== 'contiguous-file') || isWhiteout(name)) {
        if (h.type !== 'directory' && h.type !== 'file') run.ctx.count('tarLinksSkipped');
        await drainEntry(e);
        continue;
      }
      if (!run.takeEntry(prov)) break;
      if (run.bytes + size > limits.maxArchiveBytes) {
        run.budgetExhausted(prov);
        break;
      }
      run.addBytes(size);
      const layer = layers?.get(name);
      const at = run.child(prov, layer ?? name);
      if (layer || size > limits.maxEntryBytes || size > STREAM_OVER) {
        // maybe a (gzipped) tar: stream into it instead of buffering
        const p = await peek(e, 512);
        const kind = sniffContainer(p.head);
        if ((kind === 'tar' || kind === 'gzip') && depth + 1 >= limits.maxDepth) {
          run.warn('depth-limit', at, `${kind} nested more than ${limits.maxDepth} archive levels deep (maxDepth): not opened`);
          await p.drain();
          continue;
        }
        if (kind === 'tar') {
          run.ctx.count(layer ? 'imageLayers' : 'archives');
          yield* streamTar(p.all, at, depth + 1, run, null);
          await p.drain();
          continue;
        }
        if (kind === 'gzip') {
          run.ctx.count(layer ? 'imageLayers' : 'archives');
          const g = await peek(gunzip(p.all), 512).catch(() => undefined);
          if (g && sniffContainer(g.head) === 'tar') {
            yield* streamTar(g.all, at, depth + 1, run, null, size);
          } else {
            await g?.close();
            if (size > limits.maxEntryBytes) run.warn('size-cap', at, `entry larger than ${limits.maxEntryBytes} bytes (maxEntryBytes): not scanned`);
            else if (size > STREAM_OVER) yield streamChunk(at, p.all);
            else yield chunk(at, await collect(p.head, p));
          }
          await p.drain();
          continue;
        }
        if (size > limits.maxEntryBytes) {
          run.warn('size-cap', at, `entry larger than ${limits.maxEntryBytes} bytes (maxEntryBytes): not scanned`);
          await p.drain();
          continue;
        }
        // Large members are streamed: plain text in windows, the rest held up to the caps.
        run.ctx.count('archiveEntries');
        if (size > STREAM_OVER) yield streamChunk(at, p.all);
        else yield chunk(at, await collect(p.head, p));
        await p.drain();
        continue;
      }
      const r = await readCapped(e, size);
      if (r.error) throw r.error;
      run.ctx.count('archiveEntries');
      yield chunk(at, r.out);
    }
  } catch (e) {
    run.warn('archive-corrupt', prov, `corrupt or truncated tar: ${errMessage(e)} (entries before it were scanned)`);
  }
}

/** The whole entry behind a peek (used only for entries ≤ maxEntryBytes). */
async function collect(head: Buffer, p: Peeked): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of p.all) parts.push(c);
  return parts.length === 1 ? parts[0] : Buffer.concat(parts.length ? parts : [head]);
}
