// Full history (every ref), ranges, and the whole object store: each unique blob read once.
//
// 1. `git log -c --raw -z` over the chosen revisions streams every commit with the (path, blob)
//    pairs it introduces (diff vs its parents, combined for merges: a blob that equals a
//    parent's came in earlier in that parent's history). Messages are queued as they stream.
//    An in-memory index maps blob → introducing commits (earliest by committer date first,
//    capped at MAX_PROVENANCE entries, true count kept).
// 2. Full history: `git cat-file --batch-all-objects --batch-check --unordered` lists every
//    object in pack order with type and size, while the walk runs. Each blob goes to be
//    scanned at once as a chunk without bytes: the worker thread that takes it reads it with
//    its own `git cat-file` (Chunk.gitBlob), so blob bytes never cross the main thread, and
//    its provenance is told when the walk has ended (LateProvenance): the commits that
//    introduced it, 'unreachable' with allObjects, or dropped. Over-cap blobs are never read.
//    Indexed blobs the listing never mentions are missing (partial clone, damaged repo):
//    warned, never fetched. Ranges: the (few) indexed blobs are sent after the walk.
//
// The parts: revisions.ts (refs, range), commit-walk.ts (step 1), object-listing.ts (step 2),
// unreachable-commits.ts (messages no ref reaches), tags.ts (annotated tag messages), git-dir-files.ts (.git/config & co.), history-run.ts (the state they share and
// how a blob becomes a chunk with its provenance). Here: their order, and what was not scanned.
import type { Chunk } from '../../types.js';
import type { Source, SourceContext } from '../source.js';
import { ChunkQueue } from '../queue.js';
import { Children } from './exec.js';
import { CommitTable } from './commit-table.js';
import { BlobIndex } from './blob-index.js';
import { preflight, type RepoInfo } from './preflight.js';
import { noteSubmodules } from './submodules.js';
import { revisions } from './revisions.js';
import { walkCommits } from './commit-walk.js';
import { sendBlobs } from './object-listing.js';
import { tagMessages } from './tags.js';
import { gitDirFiles } from './git-dir-files.js';
import { MAX_PROVENANCE, authorNamer, type HistoryRun } from './history-run.js';

export { MAX_PROVENANCE } from './history-run.js';

export interface GitSourceOptions {
  /** A working tree, a bare repository or a --mirror clone. */
  repo: string;
  /** Also every blob in the object store that no ref reaches (provenance 'git-unreachable'). */
  allObjects?: boolean;
  /** 'base..head', 'a...b', or a single rev meaning 'rev..HEAD': only blobs introduced in the range. */
  range?: string;
  /**
   * Commits whose history was scanned before (`keyhound repos --incremental`: the saved heads):
   * only blobs introduced by commits that every ref reaches beyond them, as a range does.
   * Unknown ids are ignored (a pruned ref's commit may be gone).
   */
  exclude?: string[];
  /** Larger blobs are not read: a 'size-cap' warning each. */
  maxFileBytes: number;
  /** Scan commit messages (default true). */
  messages?: boolean;
  /** How the git dir's own files are named (`<label>/config`); default `.git`, a bare repository's none. */
  gitDirLabel?: string;
  /** What to do with the submodules the walk met (default: a note each, noteSubmodules). */
  submodules?: SubmoduleHook;
}

/**
 * Called once the history is scanned, with every submodule path a walked commit set (→ the
 * newest submodule commit there) and the repository's git dir: recurse.ts scans the clones.
 */
export type SubmoduleHook = (gitlinks: ReadonlyMap<string, string>, info: RepoInfo, ctx: SourceContext) => Promise<void>;

/** Chunks queued between the git producers and the scan. */
const QUEUE_HIGH = 1024;

export function gitSource(opts: GitSourceOptions): Source {
  return (ctx) => history(opts, ctx);
}

async function* history(opts: GitSourceOptions, ctx: SourceContext): AsyncGenerator<Chunk[]> {
  const { repo } = opts;
  const info = await preflight(repo);
  const children = new Children(ctx.signal);
  const queue = new ChunkQueue(QUEUE_HIGH);
  let resolveLogDone: () => void = () => {};
  const logDone = new Promise<void>((r) => (resolveLogDone = r));
  let run: HistoryRun | undefined;
  try {
    const revs = await revisions(repo, opts.range, ctx, children, info.shallow, opts.exclude);
    if (ctx.signal.aborted) return;
    const commitTable = new CommitTable();
    run = {
      opts: { ...opts, messages: opts.messages ?? true },
      ctx,
      children,
      queue,
      blobRef: { repo, batchCommand: revs.version >= 2036000 },
      commitTable,
      index: new BlobIndex(commitTable, MAX_PROVENANCE),
      logDone,
      stopped: false,
      indexFinal: false,
      early: [],
      overCap: [],
      listingFailed: '',
      gitlinks: new Map(),
      nameAuthor: authorNamer(ctx),
    };
    const fail = (e: unknown) => queue.end(e);
    // The walk starts first: the listing's early blobs wait on it to be settled.
    const walking = walkCommits(run, revs, info.shallow, resolveLogDone).catch(fail);
    const pumping = sendBlobs(run).catch(fail);
    const tagging = run.opts.messages && !opts.range ? tagMessages(run).catch(fail) : undefined;
    const label = opts.gitDirLabel ?? (info.bare ? '' : '.git');
    const gitDir = opts.range ? undefined : gitDirFiles(run, info.gitDir, label).catch(fail);
    void Promise.all([pumping, walking, tagging, gitDir]).then(() => queue.end());

    for await (const chunks of queue.drain()) {
      if (ctx.signal.aborted) return;
      yield chunks;
    }
    if (ctx.signal.aborted) return;
    await reportUnscanned(run);
    // By default a note each, HEAD's .gitmodules naming their urls.
    await (opts.submodules ?? ((links) => noteSubmodules(repo, 'HEAD', links, ctx, info.gitDir)))(run.gitlinks, info, ctx);
  } finally {
    if (run) run.stopped = true;
    resolveLogDone();
    queue.end();
    children.dispose();
  }
}

/** What was not scanned, and why: over the cap, a failed listing, missing blobs. */
async function reportUnscanned(run: HistoryRun): Promise<void> {
  const { ctx, index, opts } = run;
  for (const { sha, size } of run.overCap) {
    const entry = index.get(sha);
    if (entry >= 0) {
      if (index.seen(entry)) continue;
      index.markSeen(entry);
    } else if (!opts.allObjects) continue;
    ctx.count('sizeCapped');
    ctx.warn({
      kind: 'size-cap',
      path: entry >= 0 ? index.path(entry) : `(unreachable blob ${sha})`,
      message: `blob ${sha} is ${size} bytes, over the ${opts.maxFileBytes}-byte cap; not scanned${entry >= 0 ? ` (introduced by ${index.commitSha(entry).slice(0, 12)})` : ''}`,
    });
  }
  if (run.listingFailed) {
    ctx.warn({ kind: 'missing-object', path: opts.repo, message: `listing the object store failed: ${run.listingFailed}` });
  }
  for (let i = 0; i < index.size; i++) {
    if (index.seen(i)) continue;
    const sha = index.blob(i);
    const path = index.path(i);
    ctx.count('missingObjects');
    ctx.warn({
      kind: 'missing-object',
      path: `${path} (blob ${sha})`,
      message: `blob ${sha} at ${path}, introduced by commit ${index.commitSha(i).slice(0, 12)}, is missing from the object store (partial clone or damaged repository); not scanned`,
    });
  }
}
