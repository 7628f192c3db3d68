// Container formats: recognised by magic bytes (never by name) and read with limits.
//  - zip family (zip/jar/war/ear/apk/whl/nupkg/vsix/xpi/ipa…): yauzl (zip64, encryption flags)
//  - tar (ustar, GNU, pax, old v7 by header checksum): an in-memory walker here (zero-copy
//    views, random access for images); streamed tars use tar-stream in ./stream.ts
//  - gzip (multi-member): node:zlib
// Nothing is written to disk: entries are byte views, so path traversal cannot happen.
import zlib from 'node:zlib';
import type { Readable } from 'node:stream';
import type { Entry as ZipEntry, ZipFile } from 'yauzl';
import type { Provenance } from '../types.js';
import { type Run, errMessage } from './run.js';

export type ContainerKind = 'zip' | 'tar' | 'gzip';

/** What container the first bytes (≥ 512 for old-style tar) announce, or null. */
export function sniffContainer(b: Uint8Array): ContainerKind | null {
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 3 && b[3] === 4) return 'zip';
  if (b.length >= 3 && b[0] === 0x1f && b[1] === 0x8b && b[2] === 8) return 'gzip';
  if (b.length >= 512 && isTarHeader(b, 0)) return 'tar';
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

const utf8 = new TextDecoder('utf-8');

function cstr(b: Uint8Array, off: number, len: number): string {
  let end = off;
  const max = Math.min(off + len, b.length);
  while (end < max && b[end] !== 0) end++;
  return utf8.decode(b.subarray(off, end));
}

function parsePax(data: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  const s = utf8.decode(data);
  let i = 0;
  while (i < s.length) {
    const sp = s.indexOf(' ', i);
    if (sp < 0) break;
    const len = parseInt(s.slice(i, sp), 10);
    if (!(len > 0)) break;
    // pax lengths count bytes; names are almost always ASCII, so a char index is close enough
    const rec = s.slice(sp + 1, i + len - 1);
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    i += len;
  }
  return out;
}

export interface TarItem {
  name: string;
  type: 'file' | 'dir' | 'link' | 'other';
  data: Uint8Array;
}

export class ArchiveCorrupt extends Error {}

/**
 * Entries of an in-memory tar, as views into `b` (no copies). Throws ArchiveCorrupt on a
 * bad header or truncated data, after the entries before it were yielded.
 */
export function* walkTar(b: Uint8Array): Generator<TarItem> {
  let off = 0;
  let longName: string | undefined;
  let pax: Record<string, string> | undefined;
  while (off + 512 <= b.length) {
    if (b[off] === 0) {
      // end-of-archive block (or padding): stop if the whole header block is zero
      let zero = true;
      for (let i = off; i < off + 512; i++) if (b[i] !== 0) { zero = false; break; }
      if (zero) return;
    }
    if (!checksumOk(b, off)) throw new ArchiveCorrupt(`bad tar header checksum at offset ${off}`);
    let size: number;
    if (b[off + 124] & 0x80) {
      size = 0;
      for (let i = off + 125; i < off + 136; i++) size = size * 256 + b[i];
    } else size = parseOctal(b, off + 124, 12);
    const typeflag = b[off + 156];
    if (pax?.size !== undefined) size = Number(pax.size);
    if (!(size >= 0)) throw new ArchiveCorrupt(`bad tar size field at offset ${off}`);
    const dataStart = off + 512;
    const dataEnd = dataStart + size;
    if (dataEnd > b.length) throw new ArchiveCorrupt(`tar truncated inside entry at offset ${off}`);
    const data = b.subarray(dataStart, dataEnd);
    off = dataStart + Math.ceil(size / 512) * 512;
    const t = String.fromCharCode(typeflag);
    if (t === 'x') { pax = parsePax(data); continue; }
    if (t === 'g' || t === 'K') continue;
    if (t === 'L') { longName = cstr(data, 0, data.length); continue; }
    let name = cstr(b, dataStart - 512, 100);
    // POSIX ustar ("ustar\0"): a prefix field; GNU ("ustar  ") keeps other data there
    if (hasUstarMagic(b, dataStart - 512) && b[dataStart - 512 + 262] === 0 && b[dataStart - 512 + 345] !== 0) {
      name = `${cstr(b, dataStart - 512 + 345, 155)}/${name}`;
    }
    if (longName !== undefined) name = longName;
    if (pax?.path !== undefined) name = pax.path;
    longName = undefined;
    pax = undefined;
    let type: TarItem['type'];
    if (t === '0' || t === '7' || typeflag === 0) type = name.endsWith('/') ? 'dir' : 'file';
    else if (t === '5') type = 'dir';
    else if (t === '1' || t === '2') type = 'link';
    else type = 'other'; // devices, fifos, GNU sparse/volume headers: never read
    yield { name: name.replace(/^\.\//, ''), type, data };
  }
}

/** A layer whiteout marker (`.wh.name`, `.wh..wh..opq`): an empty file, never content. */
export function isWhiteout(name: string): boolean {
  const slash = name.lastIndexOf('/');
  return name.startsWith('.wh.', slash + 1);
}

// ---------------------------------------------------------------- gzip

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

/** Inner name for a gzip member without FNAME: the outer name minus .gz (.tgz → .tar). */
export function gunzippedName(outerName: string): string {
  const base = outerName.slice(outerName.lastIndexOf('/') + 1);
  if (/\.tgz$/i.test(base)) return base.slice(0, -4) + '.tar';
  if (/\.svgz$/i.test(base)) return base.slice(0, -1);
  if (/\.gz$/i.test(base) && base.length > 3) return base.slice(0, -3);
  if (/\.z$/i.test(base) && base.length > 2) return base.slice(0, -2);
  return base || 'gunzipped';
}

export interface Inflated {
  out: Buffer;
  /** Output exceeded `cap` (nothing usable is returned). */
  over: boolean;
  /** Corrupt/truncated stream or bad trailer; `out` holds what was decoded before it. */
  error?: Error;
}

/** Gunzip all members of `b`, at most `cap` bytes out. */
export async function gunzipLimited(b: Uint8Array, cap: number): Promise<Inflated> {
  try {
    const out = zlib.gunzipSync(b, { maxOutputLength: Math.max(1, Math.min(cap + 1, 2 ** 32)) });
    if (out.length > cap) return { out: Buffer.alloc(0), over: true };
    return { out, over: false };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return { out: Buffer.alloc(0), over: true };
    // corrupt, truncated or bad trailer: inflate the first member's deflate data raw
    // (no trailer check, partial output kept) to scan what came before the damage
    const error = e instanceof Error ? e : new Error(String(e));
    const start = gzipHeaderLength(b);
    if (start < 0) return { out: Buffer.alloc(0), over: false, error };
    try {
      const out = zlib.inflateRawSync(b.subarray(start), { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: Math.max(1, Math.min(cap + 1, 2 ** 32)) });
      if (out.length > cap) return { out: Buffer.alloc(0), over: true };
      return { out, over: false, error };
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return { out: Buffer.alloc(0), over: true };
      return { out: Buffer.alloc(0), over: false, error };
    }
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

/** Collect a stream into one buffer, stopping (and destroying it) past `cap` bytes. */
export async function readCapped(stream: AsyncIterable<Buffer | Uint8Array>, cap: number): Promise<Inflated> {
  const parts: Buffer[] = [];
  let n = 0;
  try {
    for await (const c of stream) {
      n += c.length;
      if (n > cap) return { out: Buffer.alloc(0), over: true };
      parts.push(Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.length));
    }
  } catch (e) {
    return { out: Buffer.concat(parts), over: false, error: e instanceof Error ? e : new Error(String(e)) };
  }
  return { out: parts.length === 1 ? parts[0] : Buffer.concat(parts, n), over: false };
}

/** The warning for an entry that inflated past its cap: which limit was it? */
export function overLimit(run: Run, at: Provenance[] | string, inflatedAtLeast: number, compressed: number | undefined): void {
  const { limits } = run;
  if (compressed !== undefined && inflatedAtLeast > run.ratioCap(compressed)) {
    run.warn('archive-limit', at, `compression ratio above ${limits.maxRatio}:1 (maxRatio; ${compressed} bytes inflate past ${run.ratioCap(compressed)}): entry not scanned (zip bomb?)`);
  } else if (inflatedAtLeast > limits.maxEntryBytes) {
    run.warn('size-cap', at, `entry larger than ${limits.maxEntryBytes} bytes (maxEntryBytes): not scanned`);
  } else {
    run.budgetExhausted(at);
  }
}

// ---------------------------------------------------------------- zip

async function readInMemory(zf: ZipFile, entry: ZipEntry, source: Buffer, cap: number): Promise<Inflated> {
  const empty = Buffer.alloc(0);
  try {
    const { fileDataStart } = await zf.readLocalFileHeaderPromise(entry, { minimal: true });
    const end = fileDataStart + entry.compressedSize;
    if (end > source.length) return { out: empty, over: false, error: new Error('entry data runs past the end of the zip') };
    const raw = source.subarray(fileDataStart, end);
    let out: Buffer;
    if (entry.compressionMethod === 0) out = raw;
    else {
      try {
        out = zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, Math.min(cap + 1, 2 ** 32)) });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return { out: empty, over: true };
        throw e;
      }
    }
    if (out.length > cap) return { out: empty, over: true };
    if (out.length !== entry.uncompressedSize) return { out: empty, over: false, error: new Error(`inflated to ${out.length} bytes, ${entry.uncompressedSize} declared`) };
    return { out, over: false };
  } catch (e) {
    return { out: empty, over: false, error: e instanceof Error ? e : new Error(String(e)) };
  }
}

export interface ZipItem {
  name: string;
  bytes: Buffer;
}

/**
 * Read every file entry of an open yauzl ZipFile (lazyEntries) within the run's limits.
 * `where` is the zip's own provenance. Problems become warnings; the walk goes on with the
 * next entry (or stops, for a broken central directory or an exhausted budget).
 * With `source` (the zip's bytes, in memory) entries are inflated in one synchronous call
 * each instead of through a stream: several times faster for jars of small classes.
 */
export async function* zipEntries(zf: ZipFile, where: Provenance[], run: Run, source?: Buffer): AsyncGenerator<ZipItem> {
  try {
    for await (const entry of zf.eachEntry() as AsyncIterable<ZipEntry>) {
      const name = entry.fileName;
      if (name.endsWith('/')) continue;
      const at = run.child(where, name);
      if (!run.takeEntry(where)) break;
      if (entry.isEncrypted()) {
        run.warn('archive-encrypted', at, 'encrypted zip entry: not scanned');
        continue;
      }
      if (!entry.canDecodeFileData()) {
        run.warn('decode', at, `zip compression method ${entry.compressionMethod} is not supported: entry not scanned`);
        continue;
      }
      const ratioCap = run.ratioCap(entry.compressedSize);
      const cap = Math.min(run.entryCap(), ratioCap);
      if (entry.uncompressedSize > cap) {
        overLimit(run, at, entry.uncompressedSize, entry.compressedSize);
        if (run.stopped) break;
        continue;
      }
      let r: Inflated;
      if (source) {
        r = await readInMemory(zf, entry, source, cap);
      } else {
        let stream: Readable;
        try {
          stream = await zf.openReadStreamPromise(entry);
        } catch (e) {
          run.warn('archive-corrupt', at, `cannot read zip entry: ${errMessage(e)}`);
          continue;
        }
        // yauzl stops a stream that inflates past its declared size; the cap is a second guard
        r = await readCapped(stream, cap);
      }
      if (r.over) {
        overLimit(run, at, cap + 1, entry.compressedSize);
        if (run.stopped) break;
        continue;
      }
      if (r.error) {
        run.warn('archive-corrupt', at, `corrupt zip entry: ${errMessage(r.error)}`);
        continue;
      }
      run.addBytes(r.out.length);
      yield { name, bytes: r.out };
    }
  } catch (e) {
    run.warn('archive-corrupt', where, `corrupt zip: ${errMessage(e)}`);
  } finally {
    zf.close();
  }
}
