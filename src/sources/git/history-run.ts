// The state one history scan shares between its parts (the walk, the object listing, the
// unreachable-commit pass, the final report), and how a blob becomes a chunk with its
// provenance: at once when the walk has indexed it, or told later (LateProvenance).
import type { Chunk, GitBlobRef, Provenance } from '../../types.js';
import type { LateProvenance, SourceContext } from '../source.js';
import type { ChunkQueue } from '../queue.js';
import type { Children } from './exec.js';
import type { CommitMeta } from './log.js';
import type { CommitTable } from './commit-table.js';
import type { BlobIndex } from './blob-index.js';

/** Provenance entries kept per blob; the rest are counted in 'provenanceTruncated'. */
export const MAX_PROVENANCE = 20;
export const EMPTY = new Uint8Array(0);

export interface HistoryOptions {
  repo: string;
  allObjects?: boolean;
  range?: string;
  /** Commits already scanned (an incremental audit's saved heads): only what every ref adds beyond them. */
  exclude?: string[];
  maxFileBytes: number;
  messages: boolean;
}

export interface HistoryRun {
  opts: HistoryOptions;
  ctx: SourceContext;
  children: Children;
  queue: ChunkQueue;
  blobRef: GitBlobRef;
  /** Every walked commit (also answers "was it walked?" for unreachable messages). */
  commitTable: CommitTable;
  /** Every blob a walked commit introduced, by index into commitTable: see blob-index.ts. */
  index: BlobIndex;
  /** Resolves when the walk has ended (or the scan stopped). */
  logDone: Promise<void>;
  /** The scan is over (ended, failed or aborted): producers stop. */
  stopped: boolean;
  /** The walk ended (completely, or stopped by git with a warning): the index is final. */
  indexFinal: boolean;
  /** Blobs sent to be scanned before the walk ended; marked listed once it has. */
  early: string[];
  /** Blobs over the size cap, reported (not read) at the end. */
  overCap: Array<{ sha: string; size: number }>;
  /** Why the object listing failed, '' if it did not. */
  listingFailed: string;
  /** Submodule path → the newest submodule commit recorded there (git log is newest first). */
  gitlinks: Map<string, string>;
  /** Each distinct author is a name to scan, once, where the walk first meets it. */
  nameAuthor(c: CommitMeta): void;
}

export function authorNamer(ctx: SourceContext): (c: CommitMeta) => void {
  const authors = new Set<string>();
  return (c) => {
    const who = `${c.author} <${c.email}>`;
    if (authors.has(who) || !ctx.name) return;
    authors.add(who);
    ctx.name(who, 'author', [{ kind: 'git-author', commit: c.sha, author: c.author, email: c.email, date: c.date, subject: c.subject }]);
  };
}

/** `entry`: the blob's in the index, -1 = none (unreachable). */
export function blobChunk(run: HistoryRun, sha: string, size: number | undefined, entry: number): Chunk {
  const more = countBlob(run, size, entry);
  const provenance: Provenance[] = entry >= 0 ? run.index.provenance(entry, sha) : [{ kind: 'git-unreachable', blob: sha }];
  return { id: sha, bytes: EMPTY, gitBlob: run.blobRef, ...(size !== undefined ? { size } : {}), provenance, ...(more ? { moreProvenance: more } : {}) };
}

/** Count a blob handed on; returns its provenance entries beyond the cap. */
function countBlob(run: HistoryRun, size: number | undefined, entry: number): number {
  const { ctx, index } = run;
  let more = 0;
  if (entry >= 0) {
    if (index.count(entry) > MAX_PROVENANCE) {
      more = index.count(entry) - MAX_PROVENANCE;
      ctx.count('provenanceTruncated', more);
    }
  } else ctx.count('unreachableBlobs');
  ctx.count('blobs');
  if (size !== undefined) ctx.count('bytes', size);
  return more;
}

/** Provenance of the blobs scanned early, once the walk has ended (see LateProvenance). */
export function earlyProvenance(run: HistoryRun): LateProvenance {
  return {
    ready: run.logDone,
    places(id, size) {
      // Interrupted walk: where the blob came from is unknown; its results are dropped.
      if (!run.indexFinal) return null;
      const entry = run.index.get(id);
      if (entry < 0 && !run.opts.allObjects) return null;
      const { provenance, moreProvenance } = blobChunk(run, id, size, entry);
      return { provenance, ...(moreProvenance ? { moreProvenance } : {}) };
    },
    counts(id, size) {
      if (!run.indexFinal) return false;
      const entry = run.index.get(id);
      if (entry < 0 && !run.opts.allObjects) return false;
      countBlob(run, size, entry);
      return true;
    },
  };
}
