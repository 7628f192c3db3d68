// Walk commits with `git log --raw -z` and parse, streamed: commit metadata, message, and the
// (path, blob) pairs each commit introduces (diff against its parents; combined for merges).
import { isZeroId } from './exec.js';

export interface CommitMeta {
  sha: string;
  /** Committer date, seconds since the epoch: orders "earliest". */
  ct: number;
  /** Committer date, strict ISO 8601. */
  date: string;
  author: string;
  email: string;
  subject: string;
}

export interface LogCommit {
  meta: CommitMeta;
  /** Full message (%B), or '' when messages were not asked for. */
  message: string;
  /** Blobs this commit introduces, by path (additions, modifications, type changes). */
  files: Array<{ blob: string; path: string }>;
  /** Submodule commits (gitlinks, mode 160000) this commit sets, by path: not blobs, not followed. */
  gitlinks?: Array<{ commit: string; path: string }>;
}

/** Arguments for `git log` (after revisions are chosen by the caller). */
export function logArgs(messages: boolean): string[] {
  const fmt = '%H%x00%ct%x00%cI%x00%an%x00%ae%x00%s' + (messages ? '%x00%B' : '');
  return [
    'log',
    '--no-show-signature',
    '--no-color',
    '--no-renames',
    '--no-textconv',
    '--no-ext-diff',
    '--root',
    '--raw',
    '--no-abbrev',
    '-c',
    '-z',
    `--format=${fmt}`,
  ];
}

/**
 * Parse the `-z` output of `logArgs()`. Layout per commit: the format's fields (NUL-separated),
 * then, if the commit has a diff, `\n` + raw entries `:modes… shas… status` NUL `path` NUL.
 * Commit messages cannot contain NUL, so the field count is exact. Synchronous per chunk (no
 * per-token awaits): only whole commits are yielded.
 *
 * Tokens are found in the bytes and each decoded on its own: a string sliced from a larger
 * one keeps all of it alive, and the index holds a sha and a path for every blob, which would
 * pin the whole log output in memory (and make every garbage collection copy it).
 */
export class LogParser {
  private rest: Buffer = EMPTY;
  private cur: LogCommit | null = null;
  private fields: string[] = [];
  /** After a raw entry: the blob its path introduces ('' = none: a deletion). */
  private rawBlob: string | null = null;
  /** The raw entry sets a gitlink: rawBlob is the submodule's commit. */
  private rawLink = false;
  private readonly nFields: number;

  constructor(private readonly messages: boolean) {
    this.nFields = messages ? 7 : 6;
  }

  push(chunk: Buffer, out: LogCommit[]): void {
    const b = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    let start = 0;
    for (;;) {
      const z = b.indexOf(0, start);
      if (z < 0) break;
      this.token(b, start, z, out);
      start = z + 1;
    }
    // Copied: a view would keep the whole chunk alive.
    this.rest = start < b.length ? Buffer.from(b.subarray(start)) : EMPTY;
  }

  end(out: LogCommit[]): void {
    const last = this.rest;
    this.rest = EMPTY;
    if (last.length) this.token(last, 0, last.length, out);
    if (this.cur) out.push(this.cur);
    this.cur = null;
  }

  private token(b: Buffer, s: number, e: number, out: LogCommit[]): void {
    if (this.rawBlob !== null) {
      // the path after a raw entry
      if (this.rawLink) (this.cur!.gitlinks ??= []).push({ commit: this.rawBlob, path: b.toString('utf8', s, e) });
      else if (this.rawBlob) this.cur!.files.push({ blob: this.rawBlob, path: b.toString('utf8', s, e) });
      this.rawBlob = null;
      this.rawLink = false;
      return;
    }
    const fields = this.fields;
    if (fields.length > 0) {
      fields.push(b.toString('utf8', s, e));
      if (fields.length === this.nFields) {
        this.cur = {
          meta: {
            sha: fields[0]!,
            ct: Number(fields[1]),
            date: fields[2]!,
            author: fields[3]!,
            email: fields[4]!,
            subject: fields[5]!,
          },
          message: this.messages ? fields[6]! : '',
          files: [],
        };
        this.fields = [];
      }
      return;
    }
    if (b[s] === 10) s++;
    if (b[s] === 58 /* ':' */ && this.cur) {
      const dst = rawBlob(b, s, e);
      this.rawLink = dst.startsWith(GITLINK);
      this.rawBlob = this.rawLink ? dst.slice(GITLINK.length) : dst;
      return;
    }
    if (s === e) return;
    // a new commit starts
    if (this.cur) out.push(this.cur);
    this.cur = null;
    this.fields = [b.toString('utf8', s, e)];
  }
}

const EMPTY = Buffer.alloc(0);

export async function* parseLog(stream: AsyncIterable<Buffer>, messages: boolean): AsyncGenerator<LogCommit> {
  const p = new LogParser(messages);
  const out: LogCommit[] = [];
  for await (const chunk of stream) {
    p.push(chunk, out);
    for (let i = 0; i < out.length; i++) yield out[i]!;
    out.length = 0;
  }
  p.end(out);
  yield* out;
}

/** rawBlob's answer for a gitlink: this prefix, then the submodule commit. */
const GITLINK = 'gitlink:';

/**
 * The blob a raw entry introduces, '' for none, GITLINK + commit for a submodule.
 * `:100644 100644 <src> <dst> M` or,
 * combined (merge, n parents), `::m1 m2 m3 s1 s2 s3 MM`: the destination mode is field n
 * and the destination sha field 2n + 1 after the colons.
 */
function rawBlob(b: Buffer, s: number, e: number): string {
  let n = 0;
  while (b[s + n] === 58) n++;
  const fieldStart: number[] = [s + n];
  for (let i = s + n; i < e && fieldStart.length <= 2 * n + 1; i++) if (b[i] === 32) fieldStart.push(i + 1);
  if (fieldStart.length <= 2 * n + 1) return '';
  const mode = fieldStart[n]!;
  const sha = fieldStart[2 * n + 1]!;
  const shaEnd = b.indexOf(32, sha);
  const dst = b.toString('latin1', sha, shaEnd < 0 || shaEnd > e ? e : shaEnd);
  if (isZeroId(dst)) return ''; // deletion
  if (b.toString('latin1', mode, mode + 6) === '160000') return GITLINK + dst; // a submodule commit, not a blob
  return dst;
}
