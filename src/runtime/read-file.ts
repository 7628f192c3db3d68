// Reading a file a source deferred to the thread that scans it (Chunk.readFrom): one read into
// the runner's reused scratch buffer for most files, sized reads for the rest. Warnings are
// about the content itself (path '', see work.ts): the join names the file.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { isPlainText, sniffContainer } from '../decode/index.js';
import { STREAM_OVER } from '../decode/streamed.js';
import { fsPath } from '../sources/names.js';
import { SPREAD_ARCHIVES_OVER, type WorkResult } from './runner.js';
import type { Work } from './work.js';

/**
 * Read a deferred file (Work.readFrom) into `scratch` when it fits, else into owned memory.
 * Too big: archives and plain text go back to be streamed on the main thread (`streamHere`,
 * that thread's own runner: plain text is streamed at once), the rest is a size-cap warning;
 * a read error is an 'unreadable' warning.
 */
export function readDeferred(work: Work, result: WorkResult, scratch: Buffer, maxFileBytes: number, streamHere: boolean): Work | undefined {
  const path = work.readFrom!;
  let fd: number | undefined;
  try {
    fd = openSync(fsPath(path), 'r');
    // Most files fit the scratch buffer: one read, no fstat. Bigger ones are sized first.
    const first = readSync(fd, scratch, 0, scratch.length, 0);
    const whole = first < scratch.length;
    const size = whole ? first : fstatSync(fd).size;
    if (size > SPREAD_ARCHIVES_OVER || size > Math.min(STREAM_OVER, maxFileBytes)) {
      if (sniffContainer(scratch.subarray(0, Math.min(first, 512)))) {
        result.deferred = { path };
        return undefined;
      }
      // Plain text is never held whole past the cap: it is matched in windows instead, by the
      // main thread (a worker hands it back), which shares them with every worker.
      if (size > Math.min(STREAM_OVER, maxFileBytes) && isPlainText(scratch.subarray(0, Math.min(first, 8192))) && !zipAtEnd(fd, size)) {
        if (streamHere) return { ...work, streamFrom: true };
        result.deferred = { path, text: true };
        return undefined;
      }
      if (size > maxFileBytes) {
        result.warnings.push({ kind: 'size-cap', path: '', message: `not scanned: ${size} bytes is over the ${maxFileBytes}-byte limit (--max-file-size)` });
        return undefined;
      }
    }
    if (whole) return { id: work.id, bytes: scratch.subarray(0, first), depth: work.depth };
    // Owned (not pooled) memory: nothing else shares it.
    const bytes = Buffer.allocUnsafeSlow(Math.max(size, first));
    bytes.set(scratch.subarray(0, first));
    let off = first;
    // A file that grows while read is taken as it was when sized.
    while (off < bytes.length) {
      const n = readSync(fd, bytes, off, bytes.length - off, off);
      if (n === 0) break;
      off += n;
    }
    return { id: work.id, bytes: off === bytes.length ? bytes : bytes.subarray(0, off), depth: work.depth };
  } catch (e) {
    result.warnings.push({ kind: 'unreadable', path: '', message: `not scanned: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A zip's end record at the end of a file whose start looks like text (an executable jar). */
function zipAtEnd(fd: number, size: number): boolean {
  if (size < 22) return false;
  const b = Buffer.alloc(22);
  readSync(fd, b, 0, 22, size - 22);
  return b[0] === 0x50 && b[1] === 0x4b && b[2] === 5 && b[3] === 6;
}
