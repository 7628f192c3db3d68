// Archives too big to hold in memory, read from disk (sources call this above their in-memory
// threshold). The same readers as in memory, over a file: a zip by random access (by offset
// from its fd), a tar / tar.gz as a stream (fs → zlib →
// tar-stream), a single .gz (or .bz2, .xz, .zst: ./decompress.ts) inflated as a stream. Each entry is yielded as a Chunk of at most
// maxEntryBytes; nested containers inside those chunks are opened later by expand(), which
// continues the depth count from the chunk's provenance. Entries over 16 MB and a single
// .gz's member past 16 MB are handed on as stream chunks, matched in windows by the runner on
// this thread before this generator resumes.
import fs from 'node:fs';
import type { Chunk, Provenance } from '../types.js';
import { displayPath } from '../sources/provenance.js';
import { fsPath } from '../sources/names.js';
import { sniffContainer } from './archive.js';
import { hold, inMemory, resume } from './bytes.js';
import { type Codec, decompress, decompressCapped, decompressedHead } from './decompress.js';
import { gunzipCap, gunzipCapped, gunzipEnd, gunzippedAt, gunzipHead, gunzipStream, gunzipWhole, inflatesSmall } from './gzip.js';
import { type DecodeContext, type DecodeLimits, STREAM_OVER } from './limits.js';
import { Run, archiveDepth, errMessage } from './run.js';
import { readTar, type TarSink } from './tar.js';
import { openZip, zipEntries, type ZipSource } from './zip.js';

export { sniffContainer };

/** Enough compressed bytes to inflate a tar header from a .tar.gz's head. */
const HEAD = 4096;

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
    ({ head, fileSize } = await readHead(path, HEAD));
  } catch (e) {
    run.warn('unreadable', prov, `cannot read: ${errMessage(e)}`);
    return false;
  }
  const kind = sniffContainer(head);
  if (!kind) return false;
  if (depth >= limits.maxDepth) {
    run.depthLimit(prov, kind);
    return true;
  }
  ctx.count('archives');
  if (kind === 'zip') yield* zipFile(path, fileSize, prov, run);
  else if (kind === 'tar') yield* readTar({ open: () => fs.createReadStream(path) }, prov, depth, run, fileSink);
  else if (kind !== 'gzip') yield* decompressedFile(kind, path, prov, depth, run, fileSize);
  else if (sniffContainer(gunzipHead(head)) === 'tar') {
    yield* readTar({ open: () => gunzipStream(fs.createReadStream(path)), compressed: fileSize }, prov, depth, run, fileSink);
  } else yield* singleGunzip(path, gunzippedAt(prov, head, run), prov, run, fileSize);
  return true;
}

/** A .bz2 / .xz / .zst file: a tar inside is read as it decompresses, else like a single .gz. */
async function* decompressedFile(codec: Exclude<Codec, 'gzip'>, path: string | Buffer, prov: Provenance[], depth: number, run: Run, compressed: number): AsyncGenerator<Chunk> {
  if (sniffContainer(await decompressedHead(codec, fs.createReadStream(path))) === 'tar') {
    yield* readTar({ open: () => decompress(codec, fs.createReadStream(path)), compressed }, prov, depth, run, fileSink);
    return;
  }
  const at = gunzippedAt(prov, new Uint8Array(0), run);
  yield* heldOrStreamed(decompressCapped(codec, fs.createReadStream(path), gunzipCap(run, compressed)), at, prov, run, compressed, codec);
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

function chunk(provenance: Provenance[], bytes: Uint8Array): Chunk {
  return { id: displayPath(provenance[0]), bytes, provenance };
}

export function streamChunk(provenance: Provenance[], stream: AsyncIterable<Uint8Array>): Chunk {
  return { id: displayPath(provenance[0]), bytes: new Uint8Array(0), stream, provenance };
}

/** Entries of a tar on disk go to the workers as chunks; big ones stream on this thread. */
const fileSink: TarSink<Chunk> = {
  async *whole(at, bytes) {
    yield chunk(at, bytes);
  },
  async *stream(at, body) {
    yield streamChunk(at, body);
  },
};

async function* zipFile(path: string | Buffer, fileSize: number, prov: Provenance[], run: Run): AsyncGenerator<Chunk> {
  let source: ZipSource;
  try {
    // Read by offset, an entry at a time: as fast as reading the file whole (node_modules as
    // a 20 MB zip, zipEntries alone: 0.88–1.13 s by fd, 0.78–1.25 s from a buffer), and
    // memory is bounded by the entry, not the zip.
    source = { fd: fs.openSync(path, 'r'), size: fileSize };
  } catch (e) {
    run.warn('unreadable', prov, `cannot read: ${errMessage(e)}`);
    return;
  }
  const zf = await openZip(source, (e) => run.warn('archive-corrupt', prov, `corrupt or truncated zip: ${errMessage(e)}`));
  if (!zf) {
    if ('fd' in source) fs.closeSync(source.fd);
    return;
  }
  // zipEntries closes the ZipFile, and with it the fd.
  for await (const item of zipEntries(zf, source, prov, run)) {
    run.ctx.count('archiveEntries');
    yield chunk(item.at, item.bytes);
  }
}

/**
 * A .gz file's single member: up to STREAM_OVER inflated bytes, one chunk; beyond, handed on
 * as a stream that inflates as the runner reads it, so plain text of any size is matched in
 * windows, never held whole.
 */
async function* singleGunzip(path: string | Buffer, at: Provenance[], prov: Provenance[], run: Run, compressed: number): AsyncGenerator<Chunk> {
  const cap = gunzipCap(run, compressed);
  let src: AsyncIterable<Uint8Array> = fs.createReadStream(path);
  if (compressed <= STREAM_OVER) {
    const bytes = await fs.promises.readFile(path);
    if (inflatesSmall(bytes)) {
      const g = gunzipWhole(bytes, cap);
      gunzipEnd(run, prov, g, compressed);
      if (!g.over) yield chunk(at, g.out);
      return;
    }
    src = inMemory(bytes);
  }
  yield* heldOrStreamed(gunzipCapped(src, cap), at, prov, run, compressed, 'gzip');
}

/** Decompressed bytes up to STREAM_OVER as one chunk, beyond as a stream chunk. */
async function* heldOrStreamed(g: ReturnType<typeof decompressCapped>, at: Provenance[], prov: Provenance[], run: Run, compressed: number, codec: Codec): AsyncGenerator<Chunk> {
  const first = await hold(g.out, STREAM_OVER);
  if ('whole' in first) {
    gunzipEnd(run, prov, g.state, compressed, false, codec);
    if (!g.state.over) yield chunk(at, first.whole);
    return;
  }
  yield streamChunk(at, resume(first.head, first.it));
  g.close();
  gunzipEnd(run, prov, g.state, compressed, false, codec);
}
