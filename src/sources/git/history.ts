// Full history (every ref), ranges, and the whole object store: each unique blob read once.
// size: over the ≈300-line target, history() over ≈60: being split (issue #11 property 7).
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
//    its provenance is settled when the walk has ended (Chunk.settle): the commits that
//    introduced it, 'unreachable' with allObjects, or dropped. Over-cap blobs are never read.
//    Indexed blobs the listing never mentions are missing (partial clone, damaged repo):
//    warned, never fetched. Ranges: the (few) indexed blobs are sent after the walk.
import type { Chunk, GitBlobRef, Provenance, Settler } from '../../types.js';
import type { Source, SourceContext } from '../source.js';
import { ChunkQueue } from '../queue.js';
import { BlobReader } from './blobs.js';
import { Children, GitUsageError, collectStderr, exited, gitMessage, runGit } from './exec.js';
import { parseLog, logArgs, type CommitMeta } from './log.js';
import { CommitTable, isoDate } from './commit-table.js';
import { BlobIndex } from './blob-index.js';
import { BOUNDED_GIT } from './bounded.js';
import { OidTable } from './oid-table.js';
import { preflight } from './preflight.js';
import { noteSubmodules } from './submodules.js';

export interface GitSourceOptions {
  /** A working tree, a bare repository or a --mirror clone. */
  repo: string;
  /** Also every blob in the object store that no ref reaches (provenance 'git-unreachable'). */
  allObjects?: boolean;
  /** 'base..head', 'a...b', or a single rev meaning 'rev..HEAD': only blobs introduced in the range. */
  range?: string;
  /** Larger blobs are not read: a 'size-cap' warning each. */
  maxFileBytes: number;
  /** Scan commit messages (default true). */
  messages?: boolean;
}

/** Provenance entries kept per blob; the rest are counted in 'provenanceTruncated'. */
export const MAX_PROVENANCE = 20;

/** Chunks queued between the git producers and the scan. */
const QUEUE_HIGH = 1024;
/** Blobs scanned before the walk ends whose results may wait for it (memory bound). */
const MAX_EARLY = 100_000;
const EMPTY = new Uint8Array(0);

function messageChunk(c: CommitMeta, message: string): Chunk {
  return {
    id: `commit:${c.sha}`,
    bytes: Buffer.from(message, 'utf8'),
    provenance: [{ kind: 'git-message', commit: c.sha, author: c.author, email: c.email, date: c.date, subject: c.subject }],
  };
}

/** git version as a comparable number, e.g. 2.39.5 → 2039005. */
async function gitVersion(repo: string): Promise<number> {
  const r = await runGit(repo, ['version']);
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(r.stdout.toString('utf8'));
  return m ? Number(m[1]) * 1e6 + Number(m[2]) * 1e3 + Number(m[3] ?? 0) : 0;
}

/** Resolve a user range to log revisions; unknown revisions are usage errors. */
async function resolveRange(repo: string, range: string): Promise<string[]> {
  let a: string, b: string, sep: string;
  const tri = range.indexOf('...');
  const two = range.indexOf('..');
  if (tri >= 0) [a, b, sep] = [range.slice(0, tri), range.slice(tri + 3), '...'];
  else if (two >= 0) [a, b, sep] = [range.slice(0, two), range.slice(two + 2), '..'];
  else [a, b, sep] = [range, 'HEAD', '..'];
  a ||= 'HEAD';
  b ||= 'HEAD';
  for (const rev of [a, b]) {
    if (rev.startsWith('-') || /[\s\0]/.test(rev)) throw new GitUsageError(`bad revision '${rev}' in range '${range}'`);
  }
  const r = await runGit(repo, ['rev-parse', `${a}^{commit}`, `${b}^{commit}`, '--']);
  const shas = r.stdout.toString('utf8').split('\n').filter((l) => /^[0-9a-f]{40,64}$/.test(l));
  if (r.code !== 0 || shas.length !== 2) {
    const bad = /'([^']*)\^\{commit\}'/.exec(r.stderr)?.[1];
    throw new GitUsageError(`unknown revision${bad ? ` '${bad}'` : ''} in range '${range}'${bad ? '' : `: ${gitMessage(r.stderr)}`}`);
  }
  return [`${shas[0]}${sep}${shas[1]}`];
}

export function gitSource(opts: GitSourceOptions): Source {
  return (ctx) => history(opts, ctx);
}

async function* history(opts: GitSourceOptions, ctx: SourceContext): AsyncGenerator<Chunk[]> {
  const { repo, maxFileBytes } = opts;
  const messages = opts.messages ?? true;
  const info = await preflight(repo);
  const children = new Children(ctx.signal);
  const queue = new ChunkQueue(QUEUE_HIGH);
  let stopped = false;
  let resolveLogDone: () => void = () => {};
  const logDone = new Promise<void>((r) => (resolveLogDone = r));
  try {
    const [version, refsOut, revs] = await Promise.all([
      gitVersion(repo),
      runGit(repo, ['for-each-ref', '--format=%(refname)']),
      opts.range ? resolveRange(repo, opts.range) : Promise.resolve(['--all']),
    ]);
    const refs = refsOut.stdout.toString('utf8').split('\n').filter(Boolean);
    ctx.count('refs', refs.length);

    // Stash entries other than the top one live only in the stash reflog.
    let stdinRevs = '';
    if (!opts.range && refs.includes('refs/stash')) {
      const r = await runGit(repo, ['log', '-g', '--no-show-signature', '--format=%H', 'refs/stash', '--'], { children });
      if (r.code === 0) stdinRevs = r.stdout.toString('utf8');
    }
    if (ctx.signal.aborted) return;

    const blobRef: GitBlobRef = { repo, batchCommand: version >= 2036000 };
    // Every walked commit (also answers "was it walked?" for unreachable messages), and
    // every blob a walked commit introduced, by index into it: see blob-index.ts.
    const commitTable = new CommitTable();
    const index = new BlobIndex(commitTable, MAX_PROVENANCE);
    /** The walk ended (completely, or stopped by git with a warning): the index is final. */
    let indexFinal = false;
    /** Blobs sent to be scanned before the walk ended; marked listed once it has. */
    let early: string[] = [];

    /** `entry`: the blob's in the index, -1 = none (unreachable). */
    const blobChunk = (sha: string, size: number | undefined, entry: number): Chunk => {
      const more = countBlob(size, entry);
      const provenance: Provenance[] = entry >= 0 ? index.provenance(entry, sha) : [{ kind: 'git-unreachable', blob: sha }];
      return { id: sha, bytes: EMPTY, gitBlob: blobRef, ...(size !== undefined ? { size } : {}), provenance, ...(more ? { moreProvenance: more } : {}) };
    };

    /** Count a blob handed on; returns its provenance entries beyond the cap. */
    const countBlob = (size: number | undefined, entry: number): number => {
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
    };

    /** Provenance of the blobs scanned early, once the walk has ended (see Chunk.settle). */
    const settler: Settler = {
      ready: logDone,
      settle(chunk) {
        // Interrupted walk: where the blob came from is unknown; its results are dropped.
        if (!indexFinal) return null;
        const entry = index.get(chunk.id);
        if (entry < 0 && !opts.allObjects) return null;
        const { provenance, moreProvenance } = blobChunk(chunk.id, chunk.size, entry);
        return { provenance, ...(moreProvenance ? { moreProvenance } : {}) };
      },
      settleQuiet(id, size) {
        if (!indexFinal) return false;
        const entry = index.get(id);
        if (entry < 0 && !opts.allObjects) return false;
        countBlob(size, entry);
        return true;
      },
    };

    // ---- names: each distinct path and author scanned once, where the walk first meets it ----
    const authors = new Set<string>();
    const nameAuthor = (c: CommitMeta) => {
      const who = `${c.author} <${c.email}>`;
      if (authors.has(who) || !ctx.name) return;
      authors.add(who);
      ctx.name(who, 'author', [{ kind: 'git-author', commit: c.sha, author: c.author, email: c.email, date: c.date, subject: c.subject }]);
    };

    // ---- the commit walk: index blobs, queue messages ----
    let commits = 0;
    /** Submodule path → the newest submodule commit recorded there (git log is newest first). */
    const gitlinks = new Map<string, string>();
    const walk = (async () => {
      const log = children.spawn(repo, [...BOUNDED_GIT, ...logArgs(messages), ...revs, ...(stdinRevs ? ['--stdin'] : []), '--']);
      const logErr = collectStderr(log);
      log.stdin.end(stdinRevs);
      for await (const c of parseLog(log.stdout, messages)) {
        if (stopped || ctx.signal.aborted) return;
        commits++;
        const ci = commitTable.add(c.meta);
        nameAuthor(c.meta);
        for (const f of c.files) {
          // A path the walk meets for the first time is a name to scan (once a run).
          if (index.add(f.blob, ci, f.path)) ctx.name?.(f.path, 'name', [index.provenanceAt(ci, f.path, f.blob)]);
        }
        if (c.gitlinks) for (const g of c.gitlinks) if (!gitlinks.has(g.path)) gitlinks.set(g.path, g.commit);
        if (messages && c.message.trim() !== '') {
          ctx.count('messages');
          const chunk = messageChunk(c.meta, c.message);
          ctx.count('bytes', chunk.bytes.length);
          const wait = queue.push(chunk, true);
          if (wait) await wait;
        }
      }
      const logCode = await exited(log);
      if (stopped || ctx.signal.aborted) return;
      ctx.count('commits', commits);
      if (logCode !== 0) {
        const msg = gitMessage(logErr());
        if (commits === 0 && /unknown revision|bad revision|ambiguous argument/.test(msg)) throw new GitUsageError(msg);
        // A missing commit or tree: history beyond it could not be walked.
        ctx.count('missingObjects');
        ctx.warn({ kind: 'missing-object', path: repo, message: `git log stopped early (history incomplete): ${msg}` });
      }
      if (info.shallow) {
        ctx.count('shallowDepth', commits);
        ctx.warn({
          kind: 'shallow',
          path: repo,
          message: `shallow clone: history is truncated; only ${commits} commit(s) are present and were scanned (run 'git fetch --unshallow' to scan all history)`,
        });
      }
      indexFinal = true;
    })().finally(() => {
      for (const sha of early) {
        const e = index.get(sha);
        if (e >= 0) index.markSeen(e);
      }
      early = [];
      resolveLogDone();
    });

    // ---- the blobs ----
    // Full history: the object store is listed (pack order, with sizes) while the walk runs,
    // and every blob goes to be scanned at once, its provenance settled when the walk ends.
    // After the walk, only blobs it found (or, with allObjects, any) are sent. Ranges send the
    // (few) blobs the walk found. Over-cap blobs are never read.
    const overCap: Array<{ sha: string; size: number }> = [];
    let listingFailed = '';
    const pump = async () => {
      if (opts.range) {
        await logDone;
        for (let i = 0; i < index.size; i++) {
          if (stopped) return;
          index.markSeen(i);
          await queue.push(blobChunk(index.blob(i), undefined, i));
        }
        return;
      }
      // Every commit the listing names, as bytes (a million commits: 36 MB, not 72 as strings).
      const listedCommits = opts.allObjects && messages ? new OidTable() : null;
      const list = children.spawn(repo, [...BOUNDED_GIT, 'cat-file', '--batch-all-objects', '--unordered', '--batch-check=%(objectname) %(objecttype) %(objectsize)']);
      const listErr = collectStderr(list);
      list.stdin.end();
      // Lines are `<sha> <type> <size>`; shas are decoded one by one from the bytes (a slice
      // of a bigger string would keep all of it alive while the blob waits to be settled).
      let rest: Buffer = Buffer.alloc(0);
      for await (const data of list.stdout as AsyncIterable<Buffer>) {
        if (stopped) return;
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
              overCap.push({ sha, size });
              continue;
            }
            // Bounded: this many results may wait for the walk, then the listing does.
            if (!indexFinal && early.length >= MAX_EARLY) await logDone;
            let wait: Promise<void> | undefined;
            if (!indexFinal) {
              early.push(sha);
              wait = queue.push({ id: sha, bytes: EMPTY, gitBlob: blobRef, size, provenance: [{ kind: 'git-unreachable', blob: sha }], settle: settler });
            } else {
              const entry = index.get(sha);
              if (entry >= 0 ? index.seen(entry) : !opts.allObjects) continue;
              if (entry >= 0) index.markSeen(entry);
              wait = queue.push(blobChunk(sha, size, entry));
            }
            if (wait) await wait;
          } else if (t === 99 /* c(ommit) */ && listedCommits) listedCommits.add(b.toString('latin1', line, sp1));
        }
        rest = Buffer.from(b.subarray(start));
      }
      const code = await exited(list);
      if (code !== 0 && !stopped) listingFailed = gitMessage(listErr()) || `exit ${code}`;
      if (listedCommits) {
        await logDone;
        const unwalked: string[] = [];
        for (let i = 0; i < listedCommits.size; i++) {
          const sha = listedCommits.hex(i);
          if (!commitTable.has(sha)) unwalked.push(sha);
        }
        await unreachableCommits(unwalked);
      }
    };

    /** Messages of commits no ref reaches (allObjects): few, read here, 256 asked at a time. */
    const unreachableCommits = async (shas: string[]) => {
      if (!shas.length || stopped) return;
      const reader = new BlobReader(blobRef, maxFileBytes);
      try {
        for (let i = 0; i < shas.length && !stopped; i += 256) {
          const asked = shas.slice(i, i + 256).map((sha) => ({ sha, answer: reader.read(sha) }));
          for (const { sha, answer } of asked) {
            const a = await answer;
            if (stopped) return;
            const unreachable = 'bytes' in a ? unreachableMessage(sha, a.bytes) : null;
            if (!unreachable) continue;
            const { chunk, meta } = unreachable;
            nameAuthor(meta);
            ctx.count('messages');
            ctx.count('unreachableCommits');
            ctx.count('bytes', chunk.bytes.length);
            await queue.push(chunk);
          }
        }
      } finally {
        reader.close();
      }
    };

    const fail = (e: unknown) => queue.end(e);
    const pumping = pump().catch(fail);
    const walking = walk.catch(fail);
    void Promise.all([pumping, walking]).then(() => queue.end());

    for await (const chunks of queue.drain()) {
      if (ctx.signal.aborted) return;
      yield chunks;
    }
    if (ctx.signal.aborted) return;

    // ---- what was not scanned, and why ----
    for (const { sha, size } of overCap) {
      const entry = index.get(sha);
      if (entry >= 0) {
        if (index.seen(entry)) continue;
        index.markSeen(entry);
      } else if (!opts.allObjects) continue;
      ctx.count('sizeCapped');
      ctx.warn({
        kind: 'size-cap',
        path: entry >= 0 ? index.path(entry) : `(unreachable blob ${sha})`,
        message: `blob ${sha} is ${size} bytes, over the ${maxFileBytes}-byte cap; not scanned${entry >= 0 ? ` (introduced by ${index.commitSha(entry).slice(0, 12)})` : ''}`,
      });
    }
    await noteSubmodules(repo, 'HEAD', gitlinks, ctx);
    if (listingFailed) {
      ctx.warn({ kind: 'missing-object', path: repo, message: `listing the object store failed: ${listingFailed}` });
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
  } finally {
    stopped = true;
    resolveLogDone();
    queue.end();
    children.dispose();
  }
}

/** A commit no ref reaches: its message, with provenance parsed from the raw object. */
function unreachableMessage(sha: string, raw: Buffer): { chunk: Chunk; meta: CommitMeta } | null {
  const text = raw.toString('utf8');
  const split = text.indexOf('\n\n');
  const headers = split < 0 ? text : text.slice(0, split);
  const message = split < 0 ? '' : text.slice(split + 2);
  if (message.trim() === '') return null;
  const person = (name: string) => {
    const m = new RegExp(`^${name} (.*) <([^>]*)> (\\d+) ([+-]\\d{4})$`, 'm').exec(headers);
    return m ? { name: m[1]!, email: m[2]!, ts: Number(m[3]), tz: m[4]! } : null;
  };
  const a = person('author');
  const c = person('committer') ?? a;
  const meta: CommitMeta = {
    sha,
    ct: c?.ts ?? 0,
    date: c ? isoDate(c.ts, (c.tz[0] === '-' ? -1 : 1) * (Number(c.tz.slice(1, 3)) * 60 + Number(c.tz.slice(3, 5)))) : '',
    author: a?.name ?? '',
    email: a?.email ?? '',
    subject: message.split(/\n\s*\n/)[0]!.replace(/\s*\n\s*/g, ' ').trim(),
  };
  return { chunk: messageChunk(meta, message), meta };
}
