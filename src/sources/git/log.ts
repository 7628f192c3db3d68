// Walk commits with `git log --raw -z` and parse, streamed: commit metadata, message, and the
// (path, blob) pairs each commit introduces (diff against its parents; combined for merges).
import { StringDecoder } from 'node:string_decoder';
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
 */
export class LogParser {
  private readonly dec = new StringDecoder('utf8');
  private rest = '';
  private cur: LogCommit | null = null;
  private fields: string[] = [];
  private rawMeta: string | null = null;
  private readonly nFields: number;

  constructor(private readonly messages: boolean) {
    this.nFields = messages ? 7 : 6;
  }

  push(chunk: Buffer, out: LogCommit[]): void {
    const s = this.rest + this.dec.write(chunk);
    let start = 0;
    for (;;) {
      const z = s.indexOf('\0', start);
      if (z < 0) break;
      this.token(s.slice(start, z), out);
      start = z + 1;
    }
    this.rest = s.slice(start);
  }

  end(out: LogCommit[]): void {
    const last = this.rest + this.dec.end();
    this.rest = '';
    if (last.length) this.token(last, out);
    if (this.cur) out.push(this.cur);
    this.cur = null;
  }

  private token(tok: string, out: LogCommit[]): void {
    if (this.rawMeta !== null) {
      // the path after a raw entry
      const meta = this.rawMeta;
      this.rawMeta = null;
      addRaw(this.cur!, meta, tok);
      return;
    }
    const fields = this.fields;
    if (fields.length > 0) {
      fields.push(tok);
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
    const t = tok.charCodeAt(0) === 10 ? tok.slice(1) : tok;
    if (t.charCodeAt(0) === 58 /* ':' */ && this.cur) {
      this.rawMeta = t;
      return;
    }
    if (t.length === 0) return;
    // a new commit starts
    if (this.cur) out.push(this.cur);
    this.cur = null;
    this.fields = [t];
  }
}

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

/** `:100644 100644 <src> <dst> M` or, combined (merge, n parents), `::m1 m2 m3 s1 s2 s3 MM`. */
function addRaw(c: LogCommit, meta: string, path: string): void {
  let colons = 0;
  while (meta.charCodeAt(colons) === 58) colons++;
  const parts = meta.slice(colons).split(' ');
  const n = colons; // number of parents in this entry
  const dstMode = parts[n];
  const dstSha = parts[2 * n + 1];
  if (!dstMode || !dstSha || isZeroId(dstSha)) return; // deletion
  if (dstMode === '160000') return; // gitlink (submodule commit), not a blob
  c.files.push({ blob: dstSha, path });
}
