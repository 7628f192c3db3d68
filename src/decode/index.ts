// decode/: turns a Chunk (bytes) into the texts the engine matches.
//
//   container by magic bytes (zip / tar / gzip)   → entries, recursively (./archive.ts)
//     docker save / OCI layout tars               → layers named by tag   (./image.ts)
//   UTF-16 (BOM or NUL pattern) / UTF-8 text      → text + escape views   (./text.ts)
//   other binary                                  → media skipped, else printable strings (./strings.ts)
//
// Runs inside worker threads: no global mutable state, no disk, no main-thread APIs.
// Every limit hit is a ScanWarning with the display path; nothing is dropped silently.
import type yauzl from 'yauzl';
import type { Chunk, Provenance, TextChunk } from '../types.js';
import { gunzipLimited, gunzippedName, gzipName, isWhiteout, overLimit, sniffContainer, walkTar, zipEntries, type ContainerKind, type TarItem } from './archive.js';
import { detectImage } from './image.js';
import { STREAM_OVER, inflateTexts } from './streamed.js';
import { type DecodeContext, type DecodeLimits, DEFAULT_LIMITS } from './limits.js';
import { Run, archiveDepth, child, errMessage } from './run.js';
import { extractStrings, mediaFormat } from './strings.js';
import { decodeUtf16, decodeUtf8, textViews, utf16ByBom, utf16ByPattern } from './text.js';

export { DEFAULT_LIMITS, sniffContainer };
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
}

export async function* expand(chunk: Chunk, limits: DecodeLimits, ctx: DecodeContext, opts: ExpandOptions = {}): AsyncGenerator<TextChunk> {
  const run = new Run(limits, ctx, opts.mayMatch);
  yield* expandBytes(chunk.bytes, chunk.provenance, archiveDepth(chunk.provenance[0]), chunk.lines, run);
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
    if (hasZipEocd(bytes) && depth < run.limits.maxDepth) {
      // a zip behind a text prefix (executable jar with a launch script)
      const zf = await openZip(zipWithoutPrefix(bytes));
      if (zf) {
        yield* zipChildren(zf, prov, depth, run);
        return;
      }
    }
    if (run.mayMatch && !run.mayMatch(bytes)) return;
    yield* views(decodeUtf8(bytes), undefined, prov, lines);
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
  if (hasZipEocd(bytes) && depth < run.limits.maxDepth) {
    // self-extracting or otherwise prefixed zip
    const zf = await openZip(zipWithoutPrefix(bytes));
    if (zf) {
      yield* zipChildren(zf, prov, depth, run);
      return;
    }
  }
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
    run.ctx.count('depthLimited');
    run.warn('depth-limit', prov, `${kind} nested more than ${run.limits.maxDepth} archive levels deep (maxDepth): not opened`);
    return;
  }
  run.ctx.count('archives');
  if (kind === 'zip') {
    const zf = await openZip(bytes, (e) => run.warn('archive-corrupt', prov, `corrupt or truncated zip: ${errMessage(e)}`));
    if (zf) yield* zipChildren(zf, prov, depth, run);
  } else if (kind === 'tar') {
    yield* tarChildren(bytes, prov, depth, run);
  } else {
    yield* gzipChild(bytes, prov, depth, run);
  }
}

interface OpenZip {
  zf: yauzl.ZipFile;
  buf: Buffer;
}

async function openZip(bytes: Uint8Array, onError?: (e: unknown) => void): Promise<OpenZip | undefined> {
  try {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // yauzl loads on the first zip: plain-text scans and pre-commit runs never pay for it.
    const { default: yz } = await import('yauzl');
    return { zf: await yz.fromBufferPromise(buf, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }), buf };
  } catch (e) {
    onError?.(e);
    return undefined;
  }
}

async function* zipChildren({ zf, buf }: OpenZip, prov: Provenance[], depth: number, run: Run): AsyncGenerator<TextChunk> {
  for await (const item of zipEntries(zf, prov, run, buf)) {
    run.ctx.count('archiveEntries');
    yield* expandBytes(item.bytes, child(prov, item.name), depth + 1, undefined, run);
  }
}

async function* tarChildren(bytes: Uint8Array, prov: Provenance[], depth: number, run: Run): AsyncGenerator<TextChunk> {
  const items: TarItem[] = [];
  let corrupt: string | undefined;
  try {
    for (const it of walkTar(bytes)) items.push(it);
  } catch (e) {
    corrupt = errMessage(e);
  }
  let layers: Map<string, string> | null = null;
  if (items.some((it) => it.name === 'manifest.json' || it.name === 'index.json')) {
    const byName = new Map(items.filter((it) => it.type === 'file').map((it) => [it.name, it.data]));
    layers = detectImage((n) => byName.get(n));
    if (layers) run.ctx.count('images');
  }
  for (const it of items) {
    if (run.stopped) break;
    if (it.type !== 'file') {
      if (it.type !== 'dir') run.ctx.count('tarLinksSkipped');
      continue;
    }
    if (isWhiteout(it.name)) continue;
    if (!run.takeEntry(prov)) break;
    const layer = layers?.get(it.name);
    const at = run.child(prov, layer ?? it.name);
    if (it.data.length > run.limits.maxEntryBytes) {
      run.warn('size-cap', at, `entry larger than ${run.limits.maxEntryBytes} bytes (maxEntryBytes): not scanned`);
      continue;
    }
    run.ctx.count(layer ? 'imageLayers' : 'archiveEntries');
    yield* expandBytes(it.data, at, depth + 1, undefined, run);
  }
  if (corrupt) run.warn('archive-corrupt', prov, `corrupt or truncated tar: ${corrupt} (entries before it were scanned)`);
}

async function* gzipChild(bytes: Uint8Array, prov: Provenance[], depth: number, run: Run): AsyncGenerator<TextChunk> {
  const cap = Math.min(run.entryCap(), run.ratioCap(bytes.length));
  if (inflatedSizeHint(bytes) > STREAM_OVER) {
    // Inflates big (a bundled single-line .js.gz): stream it, so plain text is matched in
    // windows instead of held whole (and decoded twice more) in memory.
    const src = (async function* () { yield bytes; })();
    yield* inflateTexts(src, bytes, bytes.length, prov, run, {
      holdMax: cap,
      expand: (b, p) => expandBytes(b, p, archiveDepth(p[0]), undefined, run),
    });
    return;
  }
  const r = await gunzipLimited(bytes, cap);
  if (r.over) {
    overLimit(run, prov, cap + 1, bytes.length);
    return;
  }
  if (r.error) run.warn('archive-corrupt', prov, `corrupt gzip (${errMessage(r.error)}): scanning the ${r.out.length} bytes decoded before the damage`);
  run.addBytes(r.out.length);
  if (sniffContainer(r.out) === 'tar') {
    // .tar.gz / .tgz / gzipped image layer: the tar's entries sit directly under the gzip
    yield* tarChildren(r.out, prov, depth, run);
    return;
  }
  // A header name other than the one the outer name implies is a name of its own.
  const derived = gunzippedName(lastName(prov[0]));
  const header = gzipName(bytes);
  const at = header && header !== derived ? run.child(prov, header) : child(prov, derived);
  yield* expandBytes(r.out, at, depth + 1, undefined, run);
}

function lastName(p: Provenance | undefined): string {
  if (!p) return '';
  switch (p.kind) {
    case 'archive':
      return p.inner;
    case 'file':
    case 'git':
    case 'staged':
      return p.path;
    default:
      return '';
  }
}

/** A gzip member's ISIZE trailer: its inflated size mod 2^32 (a hint; the caps still apply). */
function inflatedSizeHint(b: Uint8Array): number {
  if (b.length < 18) return 0;
  const o = b.length - 4;
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;
}

/** End-of-central-directory record at the very end (a zip without comment). O(1). */
function hasZipEocd(b: Uint8Array): boolean {
  const o = b.length - 22;
  return o >= 0 && b[o] === 0x50 && b[o + 1] === 0x4b && b[o + 2] === 5 && b[o + 3] === 6;
}

/**
 * A zip after a prefix (launch script, self-extractor stub): when the central directory
 * offset in the EOCD does not count the prefix, cut the prefix off so offsets line up.
 */
function zipWithoutPrefix(b: Uint8Array): Uint8Array {
  const o = b.length - 22;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const cdSize = dv.getUint32(o + 12, true);
  const cdOffset = dv.getUint32(o + 16, true);
  const prefix = o - cdSize - cdOffset;
  return prefix > 0 && cdOffset !== 0xffffffff ? b.subarray(prefix) : b;
}

function unsupportedCompression(b: Uint8Array): string | null {
  if (b.length < 6) return null;
  if (b[0] === 0x28 && b[1] === 0xb5 && b[2] === 0x2f && b[3] === 0xfd) return 'zstd';
  if (b[0] === 0xfd && b[1] === 0x37 && b[2] === 0x7a && b[3] === 0x58 && b[4] === 0x5a && b[5] === 0) return 'xz';
  if (b[0] === 0x42 && b[1] === 0x5a && b[2] === 0x68 && b[3] >= 0x31 && b[3] <= 0x39 && b.length >= 10 && b[4] === 0x31 && b[5] === 0x41 && b[6] === 0x59) return 'bzip2';
  if (b[0] === 0x37 && b[1] === 0x7a && b[2] === 0xbc && b[3] === 0xaf && b[4] === 0x27 && b[5] === 0x1c) return '7z';
  if (b[0] === 0x52 && b[1] === 0x61 && b[2] === 0x72 && b[3] === 0x21 && b[4] === 0x1a && b[5] === 0x07) return 'rar';
  return null;
}
