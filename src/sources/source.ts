// The contract every source implements: yield Chunks, report problems through the context.
import type { Chunk, ScanWarning } from '../types.js';

export interface SourceContext {
  /** Something made the scan less than complete (or is worth saying): listed in the summary. */
  warn(w: ScanWarning): void;
  /** Add to a named counter shown in summary.extra (e.g. 'blobs', 'commits'). */
  count(key: string, n?: number): void;
  /** Aborted on SIGINT: stop yielding promptly. */
  signal: AbortSignal;
}

/**
 * A source does I/O and nothing else. It yields chunks in batches (any size from one): one
 * hand-over per batch, not per chunk, keeps a history of 100k small blobs cheap to pass on.
 */
export type Source = (ctx: SourceContext) => AsyncIterable<Chunk[]>;
