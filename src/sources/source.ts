// The contract every source implements: yield Chunks, report problems through the context.
import type { Chunk, LazyProvenance, NameField, Provenance, ScanWarning } from '../types.js';
import { displayPath } from './provenance.js';

export interface SourceContext {
  /** Something made the scan less than complete (or is worth saying): listed in the summary. */
  warn(w: ScanWarning): void;
  /** Add to a named counter shown in summary.extra (e.g. 'blobs', 'commits'). */
  count(key: string, n?: number): void;
  /**
   * A name was born (a file path, a git path or author, an archive member): scanned for
   * secrets once, where it is first seen (engine/names.ts). `provenance` is where it was seen
   * (a getter: asked only of a name with a rule keyword, most names have none).
   */
  name?(text: string, field: NameField, provenance: LazyProvenance): void;
  /**
   * The source yields chunks whose provenance it learns later (empty `provenance`): `late`
   * answers for them once ready. Called once, before the first such chunk is yielded.
   */
  provenanceLater?(late: LateProvenance): void;
  /** Aborted on SIGINT: stop yielding promptly. */
  signal: AbortSignal;
}

/** Where a chunk yielded with empty provenance was seen, once known. */
export interface Places {
  provenance: Provenance[];
  /** Places beyond `provenance` (a capped list) carrying the same bytes. */
  moreProvenance?: number;
}

/**
 * Answers, on the main thread, for a source's chunks yielded before it knew where they were
 * seen (a history's blobs, listed while the commit walk runs). Asked by content id only.
 */
export interface LateProvenance {
  /** Resolves once every such chunk can be answered for. */
  ready: Promise<void>;
  /**
   * Where the content was seen, or null: it was not wanted after all (a blob no ref reaches,
   * without --all-objects); its results are dropped and counted nowhere.
   */
  places(id: string, size: number | undefined): Places | null;
  /**
   * For content whose result says nothing: whether it counts, as places() would say, without
   * building its provenance (a history's 100k early blobs).
   */
  counts(id: string, size: number | undefined): boolean;
}

/**
 * A source does I/O and nothing else. It yields chunks in batches (any size from one): one
 * hand-over per batch, not per chunk, keeps a history of 100k small blobs cheap to pass on.
 */
export type Source = (ctx: SourceContext) => AsyncIterable<Chunk[]>;

/** `chunk`, its path first handed to ctx.name: the hook for sources whose chunks are files. */
export function named(ctx: SourceContext, chunk: Chunk): Chunk {
  const at = chunk.provenance[0];
  if (at && ctx.name) ctx.name(displayPath(at), 'name', chunk.provenance);
  return chunk;
}
