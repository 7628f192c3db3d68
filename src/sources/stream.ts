// Inputs that are streams, not sized files: stdin, and a FIFO, a process substitution
// (`<(cat creds.env)`, a /dev/fd/N pipe) or a device such as /dev/stdin named on the command
// line. They are read once, front to back, through the windowed path (decode/streamed.ts),
// never held whole. Chunks carrying them run on the main thread's runner (see Chunk.stream).
import { createReadStream, type Stats } from 'node:fs';
import type { Chunk, Provenance, ScanWarning } from '../types.js';
import { displayPath } from './provenance.js';
import { fsPath } from './names.js';

const EMPTY = new Uint8Array(0);
/** Read size: large enough that a window is a handful of reads. */
const READ_BYTES = 1024 * 1024;

/** Named paths read as streams: FIFOs (pipes, process substitutions) and character devices. */
export function isStreamPath(st: Stats): boolean {
  return st.isFIFO() || st.isCharacterDevice();
}

/** The chunk for a FIFO or device named on the command line; provenance is its path. */
export function streamPathChunk(path: string, display: string, signal: AbortSignal): Chunk {
  const stream = createReadStream(path, { highWaterMark: READ_BYTES });
  return { id: display, bytes: EMPTY, stream: untilAborted(stream, signal), provenance: [{ kind: 'file', path: display }] };
}

/**
 * The chunk for a large plain-text file a worker handed back (runtime/read-file.ts): read here
 * as a stream, so its windows are shared with the workers (runtime/stream-windows.ts).
 */
export function fileStreamChunk(path: string, provenance: Provenance, signal: AbortSignal): Chunk {
  const stream = createReadStream(fsPath(path), { highWaterMark: READ_BYTES });
  return { id: displayPath(provenance), bytes: EMPTY, stream: untilAborted(stream, signal), provenance: [provenance] };
}

/** The chunk for stdin. */
export function stdinChunk(stream: NodeJS.ReadableStream, signal: AbortSignal): Chunk {
  return { id: '-', bytes: EMPTY, stream: untilAborted(stream as AsyncIterable<Uint8Array>, signal), provenance: [{ kind: 'stdin' }] };
}

/**
 * The stream, ending (not failing) at Ctrl-C/SIGTERM: a stdin or FIFO that stays open would
 * otherwise never let the scan finish, and what arrived before the signal is still matched.
 */
async function* untilAborted(src: AsyncIterable<Uint8Array | string> & { destroy?: () => void }, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  // Destroying the stream ends a pending read (racing each read against the signal instead
  // would keep every piece alive through the never-settled abort promise).
  const onAbort = () => src.destroy?.();
  if (signal.aborted) return;
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const b of src) {
      if (signal.aborted) return;
      yield typeof b === 'string' ? Buffer.from(b) : b;
    }
  } catch (e) {
    if (!signal.aborted) throw e;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/**
 * The bytes of a streamed content (stdin, a FIFO, or a large file the runner chose to stream).
 * A read error ends the stream with an `unreadable` warning about the content itself (path
 * '': relative, see runtime/work.ts); what was read before is matched.
 */
export function openStream(at: { stream?: AsyncIterable<Uint8Array>; readFrom?: string }, result: { warnings: ScanWarning[] }): AsyncIterable<Uint8Array> | undefined {
  const src = at.stream ?? (at.readFrom !== undefined ? createReadStream(at.readFrom, { highWaterMark: READ_BYTES }) : undefined);
  if (!src) return undefined;
  async function* guarded(): AsyncGenerator<Uint8Array> {
    try {
      for await (const b of src!) yield typeof b === 'string' ? Buffer.from(b) : b;
    } catch (e) {
      result.warnings.push({ kind: 'unreadable', path: '', message: `not scanned past the error: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
    }
  }
  return guarded();
}
