// The commit walk: `git log -c --raw -z` over the chosen revisions. Each commit's blobs go
// into the index (a path met for the first time is a name to scan), its message is queued
// as a chunk. Ending marks the index final, or — stopped early by git — warns what is missing.
import type { Chunk } from '../../types.js';
import type { HistoryRun } from './history-run.js';
import type { Revisions } from './revisions.js';
import { GitUsageError, collectStderr, exited, gitMessage } from './exec.js';
import { parseLog, logArgs, type CommitMeta } from './log.js';
import { BOUNDED_GIT } from './bounded.js';

export function messageChunk(c: CommitMeta, message: string): Chunk {
  return {
    id: `commit:${c.sha}`,
    bytes: Buffer.from(message, 'utf8'),
    provenance: [{ kind: 'git-message', commit: c.sha, author: c.author, email: c.email, date: c.date, subject: c.subject }],
  };
}

/** Walks, then (whatever happened) marks the early blobs the index knows as listed. */
export function walkCommits(run: HistoryRun, revs: Revisions, shallow: boolean, done: () => void): Promise<void> {
  return walk(run, revs, shallow).finally(() => {
    const { index } = run;
    for (const sha of run.early) {
      const e = index.get(sha);
      if (e >= 0) index.markSeen(e);
    }
    run.early = [];
    done();
  });
}

async function walk(run: HistoryRun, { revs, stdinRevs }: Revisions, shallow: boolean): Promise<void> {
  const { ctx, index, queue, opts } = run;
  const { repo, messages } = opts;
  let commits = 0;
  const log = run.children.spawn(repo, [...BOUNDED_GIT, ...logArgs(messages), ...revs, ...(stdinRevs ? ['--stdin'] : []), '--']);
  const logErr = collectStderr(log);
  log.stdin.end(stdinRevs);
  for await (const c of parseLog(log.stdout, messages)) {
    if (run.stopped || ctx.signal.aborted) return;
    commits++;
    const ci = run.commitTable.add(c.meta);
    run.nameAuthor(c.meta);
    for (const f of c.files) {
      // A path the walk meets for the first time is a name to scan (once a run).
      if (index.add(f.blob, ci, f.path)) ctx.name?.(f.path, 'name', () => [index.provenanceAt(ci, f.path, f.blob)]);
    }
    if (c.gitlinks) for (const g of c.gitlinks) if (!run.gitlinks.has(g.path)) run.gitlinks.set(g.path, g.commit);
    if (messages && c.message.trim() !== '') {
      ctx.count('messages');
      const chunk = messageChunk(c.meta, c.message);
      ctx.count('bytes', chunk.bytes.length);
      const wait = queue.push(chunk, true);
      if (wait) await wait;
    }
  }
  const logCode = await exited(log);
  if (run.stopped || ctx.signal.aborted) return;
  ctx.count('commits', commits);
  if (logCode !== 0) {
    const msg = gitMessage(logErr());
    if (commits === 0 && /unknown revision|bad revision|ambiguous argument/.test(msg)) throw new GitUsageError(msg);
    // A missing commit or tree: history beyond it could not be walked.
    ctx.count('missingObjects');
    ctx.warn({ kind: 'missing-object', path: repo, message: `git log stopped early (history incomplete): ${msg}` });
  }
  if (shallow) {
    ctx.count('shallowDepth', commits);
    ctx.warn({
      kind: 'shallow',
      path: repo,
      message: `shallow clone: history is truncated; only ${commits} commit(s) are present and were scanned (run 'git fetch --unshallow' to scan all history)`,
    });
  }
  run.indexFinal = true;
}
