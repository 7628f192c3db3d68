// Full history (every ref), ranges, and the whole object store: each unique blob read once.
//
// 1. `git log -c --raw -z` over the chosen revisions streams every commit with the (path, blob)
//    pairs it introduces (diff vs its parents, combined for merges: a blob that equals a
//    parent's came in earlier in that parent's history). Messages are yielded as they stream.
//    An in-memory index maps blob → introducing commits (earliest by committer date first,
//    capped at MAX_PROVENANCE entries, true count kept).
// 2. Full history: `git cat-file --batch-all-objects --batch-check --unordered` lists every
//    object in pack order with type and size. Blobs in the index (or, with allObjects, any
//    blob) are requested, in that order, from ONE `git cat-file --batch-command` process with a
//    bounded window (backpressure). Over-cap blobs are never read. Indexed blobs the listing
//    never mentions are missing (partial clone, damaged repo): warned, never fetched.
//    Ranges: the (few) indexed blobs are requested directly.
import type { Chunk, Provenance } from '../../types.js';
import type { Source, SourceContext } from '../source.js';
import { CatFile, ownCopy, type CatResult } from './catfile.js';
import { Children, GitUsageError, collectStderr, exited, gitMessage, runGit } from './exec.js';
import { parseLog, logArgs, type CommitMeta } from './log.js';
import { preflight } from './preflight.js';

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

/** Blob bytes read ahead (while the commit walk still runs) before git is made to wait. */
const PREFETCH_BYTES = 32 * 1024 * 1024;

type Req = { sha: string; kind: 'blob' | 'commit' };

class BlobEntry {
  more: Array<{ c: CommitMeta; path: string }> | null = null;
  n = 1;
  seen = false;
  constructor(
    public c: CommitMeta,
    public path: string,
  ) {}

  add(c: CommitMeta, path: string): void {
    this.n++;
    // git log emits newest first, so on equal dates the later-emitted (older) commit wins.
    if (c.ct <= this.c.ct) {
      this.keepMore(this.c, this.path);
      this.c = c;
      this.path = path;
    } else this.keepMore(c, path);
  }

  private keepMore(c: CommitMeta, path: string): void {
    if (!this.more) this.more = [];
    if (this.more.length < MAX_PROVENANCE - 1) this.more.push({ c, path });
  }

  provenance(blob: string): Provenance[] {
    const out: Provenance[] = [gitProv(this.c, this.path, blob)];
    if (this.more) {
      const more = this.more.slice().sort((a, b) => a.c.ct - b.c.ct);
      for (const m of more) out.push(gitProv(m.c, m.path, blob));
    }
    return out;
  }
}

function gitProv(c: CommitMeta, path: string, blob: string): Provenance {
  return { kind: 'git', commit: c.sha, path, author: c.author, email: c.email, date: c.date, subject: c.subject, blob };
}

function messageChunk(c: CommitMeta, message: string): Chunk {
  return {
    id: `commit:${c.sha}`,
    bytes: ownCopy(Buffer.from(message, 'utf8')),
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

async function* history(opts: GitSourceOptions, ctx: SourceContext): AsyncGenerator<Chunk> {
  const { repo, maxFileBytes } = opts;
  const messages = opts.messages ?? true;
  const info = await preflight(repo);
  const children = new Children(ctx.signal);
  let catRef: CatFile<Req> | null = null;
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
      const r = await runGit(repo, ['log', '-g', '--format=%H', 'refs/stash', '--'], { children });
      if (r.code === 0) stdinRevs = r.stdout.toString('utf8');
    }
    if (ctx.signal.aborted) return;

    const index = new Map<string, BlobEntry>();
    const walked = opts.allObjects && messages ? new Set<string>() : null;

    // ---- blob reading starts now, in parallel with the commit walk ----
    // Full history: every blob of the object store is requested in pack order while git log
    // runs; answers are prefetched (bounded) and held until the index is complete, because a
    // blob's provenance is only known then. Ranges request the indexed blobs after the walk.
    const cat = new CatFile<Req>(children, repo, { maxBytes: maxFileBytes, batchCommand: version >= 2036000 });
    catRef = cat;
    const overCap: Array<{ sha: string; size: number }> = [];
    const listedCommits: string[] | null = walked ? [] : null;
    let listingFailed = '';
    const pump = async () => {
      try {
        if (opts.range) {
          await logDone;
          for (const sha of index.keys()) {
            if (stopped) return;
            cat.add(sha, { sha, kind: 'blob' });
            if (cat.full) await cat.room();
          }
          return;
        }
        const list = children.spawn(repo, [
          'cat-file',
          '--batch-all-objects',
          '--unordered',
          '--batch-check=%(objectname) %(objecttype) %(objectsize)',
        ]);
        const listErr = collectStderr(list);
        list.stdin.end();
        let rest = '';
        for await (const chunk of list.stdout as AsyncIterable<Buffer>) {
          if (stopped) return;
          const s = rest + chunk.toString('latin1');
          let start = 0;
          for (;;) {
            const nl = s.indexOf('\n', start);
            if (nl < 0) break;
            const line = s.slice(start, nl);
            start = nl + 1;
            const sp1 = line.indexOf(' ');
            const sp2 = line.indexOf(' ', sp1 + 1);
            const type = line.slice(sp1 + 1, sp2);
            if (type === 'blob') {
              const sha = line.slice(0, sp1);
              const size = Number(line.slice(sp2 + 1));
              if (size > maxFileBytes) overCap.push({ sha, size });
              else {
                cat.add(sha, { sha, kind: 'blob' }, size);
                if (cat.full) await cat.room();
              }
            } else if (type === 'commit' && listedCommits) listedCommits.push(line.slice(0, sp1));
          }
          rest = s.slice(start);
        }
        const code = await exited(list);
        if (code !== 0 && !stopped) listingFailed = gitMessage(listErr()) || `exit ${code}`;
        if (listedCommits && walked) {
          await logDone;
          for (const sha of listedCommits) {
            if (stopped) return;
            if (walked.has(sha)) continue;
            cat.add(sha, { sha, kind: 'commit' });
            if (cat.full) await cat.room();
          }
        }
      } finally {
        cat.end();
      }
    };
    let pumpError: unknown = null;
    const pumping = pump().catch((e) => (pumpError = e));

    type Answer = Awaited<ReturnType<AsyncIterator<{ res: CatResult; ctx: Req; failed?: boolean }>['next']>>;
    const answers = cat.results()[Symbol.asyncIterator]();
    const prefetched: Answer[] = [];
    let prefetchedBytes = 0;
    let walkDone = false;
    const prefetching = (async () => {
      if (opts.range) return;
      while (!walkDone && prefetchedBytes < PREFETCH_BYTES) {
        const a = await answers.next();
        prefetched.push(a);
        if (a.done) return;
        if (!a.value.res.missing) prefetchedBytes += a.value.res.size;
      }
    })().catch((e) => (pumpError = e));

    // ---- 1. walk commits, index blobs, yield messages ----
    const paths = new Map<string, string>();
    let commits = 0;
    const log = children.spawn(repo, [...logArgs(messages), ...revs, ...(stdinRevs ? ['--stdin'] : []), '--']);
    const logErr = collectStderr(log);
    log.stdin.end(stdinRevs);
    for await (const c of parseLog(log.stdout, messages)) {
      if (ctx.signal.aborted) return;
      commits++;
      walked?.add(c.meta.sha);
      for (const f of c.files) {
        let p = paths.get(f.path);
        if (p === undefined) paths.set(f.path, (p = f.path));
        const e = index.get(f.blob);
        if (e) e.add(c.meta, p);
        else index.set(f.blob, new BlobEntry(c.meta, p));
      }
      if (messages && c.message.trim() !== '') {
        ctx.count('messages');
        const chunk = messageChunk(c.meta, c.message);
        ctx.count('bytes', chunk.bytes.length);
        yield chunk;
      }
    }
    const logCode = await exited(log);
    if (ctx.signal.aborted) return;
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
    walkDone = true;
    resolveLogDone();
    await prefetching;

    // ---- 2. yield blobs (prefetched first, then streaming) ----
    const sizeCap = (sha: string, size: number, entry: BlobEntry | null) => {
      ctx.count('sizeCapped');
      ctx.warn({
        kind: 'size-cap',
        path: entry ? entry.path : `(unreachable blob ${sha})`,
        message: `blob ${sha} is ${size} bytes, over the ${maxFileBytes}-byte cap; not scanned${entry ? ` (introduced by ${entry.c.sha.slice(0, 12)})` : ''}`,
      });
    };
    const missing = (sha: string, entry: BlobEntry | null, why: string) => {
      ctx.count('missingObjects');
      ctx.warn({
        kind: 'missing-object',
        path: entry ? `${entry.path} (blob ${sha})` : `(blob ${sha})`,
        message: `blob ${sha}${entry ? ` at ${entry.path}, introduced by commit ${entry.c.sha.slice(0, 12)},` : ''} ${why}; not scanned`,
      });
    };

    let pi = 0;
    for (;;) {
      if (ctx.signal.aborted) return;
      let a: Answer;
      if (pi < prefetched.length) {
        a = prefetched[pi]!;
        prefetched[pi++] = undefined as never;
      } else a = await answers.next();
      if (a.done) break;
      const { res, ctx: req, failed } = a.value;
      const entry = req.kind === 'blob' ? index.get(req.sha) ?? null : null;
      if (entry) {
        if (entry.seen) continue;
        entry.seen = true;
      } else if (req.kind === 'blob' && !opts.allObjects) continue; // unreachable, not asked for
      if (res.missing) {
        if (req.kind === 'blob') missing(req.sha, entry, failed ? `could not be read (${gitMessage(cat.stderr()) || 'git cat-file died'})` : 'is missing from the object store');
        continue;
      }
      if (res.bytes === null) {
        if (req.kind === 'blob') sizeCap(res.sha, res.size, entry);
        continue;
      }
      if (req.kind === 'commit') {
        const chunk = unreachableMessage(res.sha, res.bytes);
        if (chunk) {
          ctx.count('messages');
          ctx.count('unreachableCommits');
          ctx.count('bytes', chunk.bytes.length);
          yield chunk;
        }
        continue;
      }
      let provenance: Provenance[];
      let more = 0;
      if (entry) {
        provenance = entry.provenance(res.sha);
        if (entry.n > MAX_PROVENANCE) {
          more = entry.n - MAX_PROVENANCE;
          ctx.count('provenanceTruncated', more);
        }
      } else {
        provenance = [{ kind: 'git-unreachable', blob: res.sha }];
        ctx.count('unreachableBlobs');
      }
      ctx.count('blobs');
      ctx.count('bytes', res.size);
      yield { id: res.sha, bytes: res.bytes, provenance, ...(more ? { moreProvenance: more } : {}) };
    }
    await pumping;
    if (ctx.signal.aborted) return;
    if (pumpError) throw pumpError;
    for (const { sha, size } of overCap) {
      const entry = index.get(sha) ?? null;
      if (entry) {
        if (entry.seen) continue;
        entry.seen = true;
      } else if (!opts.allObjects) continue;
      sizeCap(sha, size, entry);
    }
    if (listingFailed) {
      ctx.warn({ kind: 'missing-object', path: repo, message: `listing the object store failed: ${listingFailed}` });
    }
    for (const [sha, entry] of index) {
      if (!entry.seen) missing(sha, entry, opts.range ? 'could not be read' : 'is missing from the object store (partial clone or damaged repository)');
    }
  } finally {
    stopped = true;
    resolveLogDone();
    catRef?.abort();
    children.dispose();
  }
}

/** A commit no ref reaches: its message, with provenance parsed from the raw object. */
function unreachableMessage(sha: string, raw: Buffer): Chunk | null {
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
    date: c ? isoDate(c.ts, c.tz) : '',
    author: a?.name ?? '',
    email: a?.email ?? '',
    subject: message.split(/\n\s*\n/)[0]!.replace(/\s*\n\s*/g, ' ').trim(),
  };
  return messageChunk(meta, message);
}

/** Strict ISO 8601 in the committer's own offset, like git's %cI. */
function isoDate(ts: number, tz: string): string {
  const sign = tz[0] === '-' ? -1 : 1;
  const offMin = sign * (Number(tz.slice(1, 3)) * 60 + Number(tz.slice(3, 5)));
  const d = new Date((ts + offMin * 60) * 1000).toISOString().slice(0, 19);
  return `${d}${tz.slice(0, 3)}:${tz.slice(3, 5)}`;
}
