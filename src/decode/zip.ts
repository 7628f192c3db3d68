// The one zip reader (zip/jar/war/ear/apk/whl/nupkg/vsix/xpi/ipa…), over a random-access
// byte source: the zip's bytes in memory, or an open file descriptor (a zip too big to read
// whole). yauzl parses the central directory (zip64, encryption flags, name checks); each
// entry's data is then read as one range and inflated in one synchronous call — several
// times faster for jars of small classes than a read stream per entry, and the same code
// whichever source holds the bytes. Nothing is written to disk: no path traversal.
import fs from 'node:fs';
import zlib from 'node:zlib';
import type { Entry, ZipFile } from 'yauzl';
import type { Provenance } from '../types.js';
import { type Run, errMessage } from './run.js';

/** Where a zip's bytes are: in memory, or in a file read by offset (never by stream). */
export type ZipSource = { buf: Buffer } | { fd: number; size: number };

const OPTIONS = { lazyEntries: true, validateEntrySizes: true, strictFileNames: false, autoClose: false } as const;

/** Open the central directory; a broken one calls `onError` and returns undefined. */
export async function openZip(source: ZipSource, onError?: (e: unknown) => void): Promise<ZipFile | undefined> {
  try {
    // yauzl loads on the first zip: plain-text scans and pre-commit runs never pay for it.
    const { default: yz } = await import('yauzl');
    return 'buf' in source ? await yz.fromBufferPromise(source.buf, OPTIONS) : await yz.fromFdPromise(source.fd, OPTIONS);
  } catch (e) {
    onError?.(e);
    return undefined;
  }
}

/** A byte view of memory (no copy), or a read from the file (synchronous: one pread). */
function readRange(source: ZipSource, start: number, length: number): Buffer {
  if ('buf' in source) {
    if (start + length > source.buf.length) throw new Error('entry data runs past the end of the zip');
    return source.buf.subarray(start, start + length);
  }
  if (start + length > source.size) throw new Error('entry data runs past the end of the zip');
  const b = Buffer.allocUnsafe(length);
  let off = 0;
  while (off < length) {
    const n = fs.readSync(source.fd, b, off, length - off, start + off);
    if (n === 0) throw new Error('zip file ended inside an entry');
    off += n;
  }
  return b;
}

/** Start of an entry's data: after its local header (whose name/extra lengths may differ from the central one). */
function dataStart(source: ZipSource, entry: Entry): number {
  const h = readRange(source, entry.relativeOffsetOfLocalHeader, 30);
  if (h.readUInt32LE(0) !== 0x04034b50) throw new Error(`invalid local file header signature: 0x${h.readUInt32LE(0).toString(16)}`);
  return entry.relativeOffsetOfLocalHeader + 30 + h.readUInt16LE(26) + h.readUInt16LE(28);
}

type Read = { out: Buffer } | { over: true } | { error: Error };

/** One entry's bytes, inflated to at most `cap`; its declared size is checked. */
function readEntry(source: ZipSource, entry: Entry, cap: number): Read {
  try {
    const raw = readRange(source, dataStart(source, entry), entry.compressedSize);
    let out: Buffer;
    if (entry.compressionMethod === 0) out = raw;
    else {
      try {
        out = zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, Math.min(cap + 1, 2 ** 32)) });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return { over: true };
        throw e;
      }
    }
    if (out.length > cap) return { over: true };
    if (out.length !== entry.uncompressedSize) return { error: new Error(`inflated to ${out.length} bytes, ${entry.uncompressedSize} declared`) };
    return { out };
  } catch (e) {
    return { error: e instanceof Error ? e : new Error(String(e)) };
  }
}

export interface ZipItem {
  name: string;
  at: Provenance[];
  bytes: Buffer;
}

/**
 * Every file entry of an open zip, within the run's limits. `where` is the zip's own
 * provenance. Problems become warnings; the walk goes on with the next entry (or stops,
 * for a broken central directory or an exhausted budget). Closes the ZipFile, which
 * closes a file descriptor source too (yauzl owns it once opened).
 */
export async function* zipEntries(zf: ZipFile, source: ZipSource, where: Provenance[], run: Run): AsyncGenerator<ZipItem> {
  try {
    for await (const entry of zf.eachEntry() as AsyncIterable<Entry>) {
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
      const cap = Math.min(run.entryCap(), run.ratioCap(entry.compressedSize));
      const r: Read = entry.uncompressedSize > cap ? { over: true } : readEntry(source, entry, cap);
      if ('over' in r) {
        run.overLimit(at, Math.max(cap + 1, entry.uncompressedSize), entry.compressedSize);
        if (run.stopped) break;
        continue;
      }
      if ('error' in r) {
        run.warn('archive-corrupt', at, `corrupt zip entry: ${errMessage(r.error)}`);
        continue;
      }
      run.addBytes(r.out.length);
      yield { name, at, bytes: r.out };
    }
  } catch (e) {
    run.warn('archive-corrupt', where, `corrupt zip: ${errMessage(e)}`);
  } finally {
    zf.close();
  }
}

/** End-of-central-directory record at the very end (a zip without comment). O(1). */
export function hasZipEocd(b: Uint8Array): boolean {
  const o = b.length - 22;
  return o >= 0 && b[o] === 0x50 && b[o + 1] === 0x4b && b[o + 2] === 5 && b[o + 3] === 6;
}

/**
 * A zip after a prefix (launch script, self-extractor stub): when the central directory
 * offset in the EOCD does not count the prefix, cut the prefix off so offsets line up.
 */
export function zipWithoutPrefix(b: Uint8Array): Uint8Array {
  const o = b.length - 22;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const cdSize = dv.getUint32(o + 12, true);
  const cdOffset = dv.getUint32(o + 16, true);
  const prefix = o - cdSize - cdOffset;
  return prefix > 0 && cdOffset !== 0xffffffff ? b.subarray(prefix) : b;
}
