// decode/: turns a Chunk (bytes) into the texts the engine matches.
//
//   container by magic bytes (./archive.ts)      → entries, recursively: one reader per
//     format (./zip.ts, ./tar.ts, ./gzip.ts; bzip2, xz, zstd: ./decompress.ts), the same ones that read files from disk
//     (./stream.ts) and streams (./streamed.ts); docker save / OCI layers named by tag (./image.ts)
//   UTF-16 (BOM or NUL pattern) / UTF-8 text      → text + escape views   (./text.ts)
//   SQLite database                               → one text per table row (./sqlite.ts)
//   compiled Python (.pyc)                        → its marshal strings, one per line (./pyc.ts)
//     base64 runs, escapes: views mapped back to the encoded text (./encoded-views.ts)
//   other binary                                  → media skipped, else printable strings (./strings.ts)
//
// Runs inside worker threads: no global mutable state, no disk, no main-thread APIs.
// Every limit hit is a ScanWarning with the display path; nothing is dropped silently.
import type { Chunk, Provenance, TextChunk, ViewWindows } from '../types.js';
import { sniffContainer, type ContainerKind } from './archive.js';
import { asBuffer, inMemory } from './bytes.js';
import { type Codec, decompress, decompressedHead } from './decompress.js';
import { gunzipCap, gunzipEnd, gunzippedAt, gunzipHead, gunzipStream, gunzipWhole, inflatesSmall } from './gzip.js';
import { type DecodeContext, type DecodeLimits, DEFAULT_LIMITS } from './limits.js';
import { mappedViews, mayHideEncoded, type Marks } from './encoded-views.js';
import { ESCAPE_MARKS } from './escapes.js';
import { Run, archiveDepth, errMessage } from './run.js';
import { inflateTexts } from './streamed.js';
import type { WindowOptions } from './window.js';
import { isPyc, pycText } from './pyc.js';
import { isSqlite, sqliteTexts } from './sqlite.js';
import { extractStrings, mediaFormat } from './strings.js';
import { readTar, type TarSink } from './tar.js';
import { decodeUtf16, decodeUtf8, textViews, URL_MARKS, utf16ByBom, utf16ByPattern } from './text.js';
import { hasZipEocd, openZip, zipEntries, zipWithoutPrefix } from './zip.js';

export { DEFAULT_LIMITS, sniffContainer };

/**
 * The literals decode wants the engine's keyword pass to report (compile opts.marks): the
 * escape gates' and the url-decoded view's. Where the pass saw none of a view's, its own
 * search is skipped.
 */
export const DECODE_MARKS: readonly string[] = [...ESCAPE_MARKS, ...URL_MARKS];
export type { DecodeContext, DecodeLimits };

/** A NUL byte in the first 8 KB marks binary content (the same test git uses). */
export function looksBinary(bytes: Uint8Array): boolean {
  // indexOf is a native memchr: runs on every file, so no JS byte loop.
  return bytes.subarray(0, 8192).indexOf(0) !== -1;
}

/**
 * Plain UTF-8 text: no container, no UTF-16, not binary, no zip behind a prefix. Such bytes
 * expand to their text and its views only, so a prefilter that rules them out settles the
 * chunk without starting expand() (the runner's shortcut for most files and blobs).
 */
export function isPlainText(bytes: Uint8Array): boolean {
  return !sniffContainer(bytes) && !utf16ByBom(bytes) && !looksBinary(bytes) && !hasZipEocd(bytes);
}

/**
 * Every text to match in `chunk`: the text itself (plus decoded views), or — for a
 * container — the texts of all its entries, recursively. Depth counts from the chunk's own
 * provenance, so a chunk already inside an archive (streamed by sources) keeps its depth.
 */
export interface ExpandOptions {
  /**
   * Prefilter for plain UTF-8 text, given the raw bytes: false means no rule can match, so
   * the text is neither decoded nor yielded. Most files of a tree end here, which saves
   * their UTF-8 decoding and escape checks. (Keywords are ASCII; UTF-8 never hides ASCII
   * bytes inside multi-byte sequences, so a byte-level check sees every keyword.)
   */
  mayMatch?: (bytes: Uint8Array) => boolean;
  /**
   * The marks (DECODE_MARKS) the same pass saw in the bytes mayMatch was just asked about;
   * undefined when that pass looked for none (each view then searches the text itself).
   */
  marks?: (bytes: Uint8Array) => Marks | undefined;
  /**
   * How much of a text around a decoded part the matcher needs (engine/windows.ts
   * viewWindows): a decoded view (base64, escapes) keeps only that. Without it, views are
   * whole texts.
   */
  windows?: ViewWindows;
  /**
   * Archive levels above the chunk's provenance: a runner roots provenance at the content it
   * was given (runtime/work.ts), which may itself be an entry of an archive streamed elsewhere.
   */
  depth?: number;
  /** A member too big to hold is streamed in windows, each handed here (WindowOptions.takeWindow). */
  takeWindow?: WindowOptions['takeWindow'];
}

export async function* expand(chunk: Chunk, limits: DecodeLimits, ctx: DecodeContext, opts: ExpandOptions = {}): AsyncGenerator<TextChunk> {
  const run = new Run(limits, ctx, opts.mayMatch, opts.marks, opts.windows, opts.takeWindow);
  yield* expandBytes(chunk.bytes, chunk.provenance, (opts.depth ?? 0) + archiveDepth(chunk.provenance[0]), chunk.lines, run);
}

async function* expandBytes(bytes: Uint8Array, prov: Provenance[], depth: number, lines: number[] | undefined, run: Run): AsyncGenerator<TextChunk> {
  const kind = sniffContainer(bytes);
  if (kind) {
    yield* openContainer(kind, bytes, prov, depth, run);
    return;
  }
  const bom = utf16ByBom(bytes);
  if (bom) {
    yield* views(decodeUtf16(bytes, bom), bom, prov, lines);
    return;
  }
  if (!looksBinary(bytes)) {
    // a zip behind a text prefix (executable jar with a launch script)
    if (hasZipEocd(bytes) && depth < run.limits.maxDepth && (yield* zipChildren(zipWithoutPrefix(bytes), prov, depth, run))) return;
    if (run.mayMatch && !run.mayMatch(bytes)) {
      // no keyword in the bytes, but base64 or escapes may hide one: only those views
      const marks = run.marks?.(bytes);
      if (mayHideEncoded(bytes, marks)) {
        const text = decodeUtf8(bytes);
        yield* mappedViews(text, prov, lines, undefined, { bytes, marks, ...run.viewWindows() });
      }
      return;
    }
    const text = decodeUtf8(bytes);
    yield* views(text, undefined, prov, lines, { bytes, marks: run.marks?.(bytes), ...run.viewWindows() });
    return;
  }
  const pattern = utf16ByPattern(bytes);
  if (pattern) {
    yield* views(decodeUtf16(bytes, pattern), pattern, prov, lines);
    return;
  }
  yield* binary(bytes, prov, depth, run);
}

async function* binary(bytes: Uint8Array, prov: Provenance[], depth: number, run: Run): AsyncGenerator<TextChunk> {
  const unsupported = unsupportedCompression(bytes);
  if (unsupported) {
    run.ctx.count('unsupportedCompression');
    run.warn('decode', prov, `${unsupported}-compressed content is not supported: not scanned`);
    return;
  }
  if (isSqlite(bytes) && (yield* sqliteTexts(bytes, prov, run))) return;
  if (isPyc(bytes)) {
    run.ctx.count('pycFiles');
    const t = pycText(bytes, prov);
    if (t) yield t;
    return;
  }
  // self-extracting or otherwise prefixed zip
  if (hasZipEocd(bytes) && depth < run.limits.maxDepth && (yield* zipChildren(zipWithoutPrefix(bytes), prov, depth, run))) return;
  if (mediaFormat(bytes)) {
    run.ctx.count('mediaSkipped');
    run.ctx.count('binarySkipped');
    return;
  }
  run.ctx.count('binaryStrings');
  // Keywords are ASCII: none in the raw bytes means none in the ASCII strings either.
  const text = extractStrings(bytes, !run.mayMatch || run.mayMatch(bytes));
  if (text) yield { text, provenance: prov, encoding: 'strings' };
}

const views = textViews;

// ---------------------------------------------------------------- containers

async function* openContainer(kind: ContainerKind, bytes: Uint8Array, prov: Provenance[], depth: number, run: Run): AsyncGenerator<TextChunk> {
  if (run.stopped) return;
  if (depth >= run.limits.maxDepth) {
    run.depthLimit(prov, kind);
    return;
  }
  run.ctx.count('archives');
  if (kind === 'zip') {
    yield* zipChildren(bytes, prov, depth, run, (e) => run.warn('archive-corrupt', prov, `corrupt or truncated zip: ${errMessage(e)}`));
  } else if (kind === 'tar') {
    yield* readTar({ open: () => inMemory(bytes) }, prov, depth, run, sink(run));
  } else if (kind === 'gzip') {
    yield* gzipChild(bytes, prov, depth, run);
  } else {
    yield* decompressedChild(kind, bytes, prov, depth, run);
  }
}

/** Entries of an in-memory tar are decoded here, in the same run. */
function sink(run: Run): TarSink<TextChunk> {
  return { whole: (at, b, depth) => expandBytes(b, at, depth, undefined, run) };
}

/** The entries of an in-memory zip; false when it has no readable central directory. */
async function* zipChildren(bytes: Uint8Array, prov: Provenance[], depth: number, run: Run, onError?: (e: unknown) => void): AsyncGenerator<TextChunk, boolean> {
  const source = { buf: asBuffer(bytes) };
  const zf = await openZip(source, onError);
  if (!zf) return false;
  for await (const item of zipEntries(zf, source, prov, run)) {
    run.ctx.count('archiveEntries');
    yield* expandBytes(item.bytes, item.at, depth + 1, undefined, run);
  }
  return true;
}

async function* gzipChild(bytes: Uint8Array, prov: Provenance[], depth: number, run: Run): AsyncGenerator<TextChunk> {
  if (!inflatesSmall(bytes)) {
    if (sniffContainer(gunzipHead(bytes)) === 'tar') {
      // A big .tar.gz: its entries are read as it inflates, never the whole tar held.
      yield* readTar({ open: () => gunzipStream(inMemory(bytes)), compressed: bytes.length }, prov, depth, run, sink(run));
      return;
    }
    // Inflates big (a bundled single-line .js.gz): stream it, so plain text is matched in
    // windows instead of held whole (and decoded twice more) in memory.
    yield* inflateTexts(inMemory(bytes), bytes, bytes.length, prov, run, {
      holdMax: gunzipCap(run, bytes.length),
      expand: (b, p) => expandBytes(b, p, archiveDepth(p[0]), undefined, run),
      ...run.windowHooks(),
    });
    return;
  }
  const g = gunzipWhole(bytes, gunzipCap(run, bytes.length));
  const tar = !g.over && sniffContainer(g.out) === 'tar';
  gunzipEnd(run, prov, g, bytes.length, tar);
  if (g.over) return;
  // .tar.gz / .tgz / gzipped image layer: the tar's entries sit directly under the gzip
  if (tar) yield* readTar({ open: () => inMemory(g.out) }, prov, depth, run, sink(run));
  else yield* expandBytes(g.out, gunzippedAt(prov, bytes, run), depth + 1, undefined, run);
}

/**
 * bzip2, xz, zstd in memory: a tar inside is read as it decompresses (.tar.xz: its entries
 * directly under it); anything else goes the way of a big gzip (held up to STREAM_OVER, else
 * matched in windows), with gzip's caps.
 */
async function* decompressedChild(codec: Exclude<Codec, 'gzip'>, bytes: Uint8Array, prov: Provenance[], depth: number, run: Run): AsyncGenerator<TextChunk> {
  if (sniffContainer(await decompressedHead(codec, inMemory(bytes))) === 'tar') {
    yield* readTar({ open: () => decompress(codec, inMemory(bytes)), compressed: bytes.length }, prov, depth, run, sink(run));
    return;
  }
  const hooks = { holdMax: gunzipCap(run, bytes.length), expand: (b: Buffer, p: Provenance[]) => expandBytes(b, p, archiveDepth(p[0]), undefined, run), ...run.windowHooks() };
  yield* inflateTexts(inMemory(bytes), bytes, bytes.length, prov, run, hooks, codec);
}

function unsupportedCompression(b: Uint8Array): string | null {
  if (b.length < 6) return null;
  if (b[0] === 0x37 && b[1] === 0x7a && b[2] === 0xbc && b[3] === 0xaf && b[4] === 0x27 && b[5] === 0x1c) return '7z';
  if (b[0] === 0x52 && b[1] === 0x61 && b[2] === 0x72 && b[3] === 0x21 && b[4] === 0x1a && b[5] === 0x07) return 'rar';
  return null;
}
