// The blobs of a history scan. Full history: the object store is listed (pack order, with
// sizes) while the walk runs, and every blob goes to be scanned at once, its provenance
// settled when the walk ends. After the walk, only blobs it found (or, with allObjects, any)
// are sent. Ranges send the (few) blobs the walk found. Over-cap blobs are never read.
import { EMPTY, blobChunk, earlyProvenance, type HistoryRun } from './history-run.js';
import { collectStderr, exited, gitMessage } from './exec.js';
import { BOUNDED_GIT } from './bounded.js';
import { OidTable } from './oid-table.js';
import { unreachableCommits } from './unreachable-commits.js';

/** Blobs scanned before the walk ends whose results may wait for it (memory bound). */
const MAX_EARLY = 100_000;

export async function sendBlobs(run: HistoryRun): Promise<void> {
  if (run.opts.range || run.opts.exclude) return rangeBlobs(run);
  // Every commit the listing names, as bytes (a million commits: 36 MB, not 72 as strings).
  const listedCommits = run.opts.allObjects && run.opts.messages ? new OidTable() : null;
  if (!(await listObjects(run, listedCommits))) return;
  if (listedCommits) {
    await run.logDone;
    const unwalked: string[] = [];
    for (let i = 0; i < listedCommits.size; i++) {
      const sha = listedCommits.hex(i);
      if (!run.commitTable.has(sha)) unwalked.push(sha);
    }
    await unreachableCommits(run, unwalked);
  }
}

/** A range (or all refs beyond excluded commits): the blobs its commits introduced, once the walk has found them all. */
async function rangeBlobs(run: HistoryRun): Promise<void> {
  const { index } = run;
  await run.logDone;
  for (let i = 0; i < index.size; i++) {
    if (run.stopped) return;
    index.markSeen(i);
    await run.queue.push(blobChunk(run, index.blob(i), undefined, i));
  }
}

/** Lists the object store; false when the scan stopped during it. */
async function listObjects(run: HistoryRun, listedCommits: OidTable | null): Promise<boolean> {
  const { maxFileBytes } = run.opts;
  run.ctx.provenanceLater?.(earlyProvenance(run));
  const list = run.children.spawn(run.opts.repo, [...BOUNDED_GIT, 'cat-file', '--batch-all-objects', '--unordered', '--batch-check=%(objectname) %(objecttype) %(objectsize)']);
  const listErr = collectStderr(list);
  list.stdin.end();
  // Lines are `<sha> <type> <size>`; shas are decoded one by one from the bytes (a slice
  // of a bigger string would keep all of it alive while the blob waits to be settled).
  let rest: Buffer = Buffer.alloc(0);
  for await (const data of list.stdout as AsyncIterable<Buffer>) {
    if (run.stopped) return false;
    const b = rest.length ? Buffer.concat([rest, data]) : data;
    let start = 0;
    for (;;) {
      const nl = b.indexOf(10, start);
      if (nl < 0) break;
      const sp1 = b.indexOf(32, start);
      const sp2 = b.indexOf(32, sp1 + 1);
      const line = start;
      start = nl + 1;
      if (sp1 < 0 || sp2 < 0 || sp2 > nl) continue;
      const t = b[sp1 + 1];
      if (t === 98 /* b(lob) */) {
        const sha = b.toString('latin1', line, sp1);
        const size = Number(b.toString('latin1', sp2 + 1, nl));
        if (size > maxFileBytes) {
          run.overCap.push({ sha, size });
          continue;
        }
        // Bounded: this many results may wait for the walk, then the listing does.
        if (!run.indexFinal && run.early.length >= MAX_EARLY) await run.logDone;
        const wait = listedBlob(run, sha, size);
        if (wait) await wait;
      } else if (t === 99 /* c(ommit) */ && listedCommits) listedCommits.add(b.toString('latin1', line, sp1));
    }
    rest = Buffer.from(b.subarray(start));
  }
  const code = await exited(list);
  if (code !== 0 && !run.stopped) run.listingFailed = gitMessage(listErr()) || `exit ${code}`;
  return true;
}

/** A listed blob under the cap: sent now, its provenance told later or already known. */
function listedBlob(run: HistoryRun, sha: string, size: number): Promise<void> | undefined {
  if (!run.indexFinal) {
    run.early.push(sha);
    // Where it was seen is told later (earlyProvenance): no provenance until then.
    return run.queue.push({ id: sha, bytes: EMPTY, gitBlob: run.blobRef, size, provenance: [] });
  }
  const { index } = run;
  const entry = index.get(sha);
  if (entry >= 0 ? index.seen(entry) : !run.opts.allObjects) return undefined;
  if (entry >= 0) index.markSeen(entry);
  return run.queue.push(blobChunk(run, sha, size, entry));
}
