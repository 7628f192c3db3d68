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

/** Split a stream into NUL-terminated UTF-8 tokens. */
async function* tokens(stream: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const dec = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of stream) {
    const s = rest + dec.write(chunk);
    let start = 0;
    for (;;) {
      const z = s.indexOf('\0', start);
      if (z < 0) break;
      yield s.slice(start, z);
      start = z + 1;
    }
    rest = s.slice(start);
  }
  rest += dec.end();
  if (rest.length) yield rest;
}

/**
 * Parse the `-z` output of `logArgs()`. Layout per commit: the format's fields (NUL-separated),
 * then, if the commit has a diff, `\n` + raw entries `:modes… shas… status` NUL `path` NUL.
 * Commit messages cannot contain NUL, so the field count is exact.
 */
export async function* parseLog(stream: AsyncIterable<Buffer>, messages: boolean): AsyncGenerator<LogCommit> {
  const nFields = messages ? 7 : 6;
  const it = tokens(stream)[Symbol.asyncIterator]();
  let cur: LogCommit | null = null;
  let fields: string[] = [];
  let rawMeta: string | null = null;
  for (;;) {
    const next = await it.next();
    if (next.done) break;
    const tok = next.value;
    if (rawMeta !== null) {
      // the path after a raw entry
      const meta = rawMeta;
      rawMeta = null;
      addRaw(cur!, meta, tok);
      continue;
    }
    if (fields.length > 0) {
      fields.push(tok);
      if (fields.length === nFields) {
        cur = {
          meta: {
            sha: fields[0]!,
            ct: Number(fields[1]),
            date: fields[2]!,
            author: fields[3]!,
            email: fields[4]!,
            subject: fields[5]!,
          },
          message: messages ? fields[6]! : '',
          files: [],
        };
        fields = [];
      }
      continue;
    }
    const t = tok.charCodeAt(0) === 10 ? tok.slice(1) : tok;
    if (t.charCodeAt(0) === 58 /* ':' */ && cur) {
      rawMeta = t;
      continue;
    }
    if (t.length === 0) continue;
    // a new commit starts
    if (cur) yield cur;
    cur = null;
    fields = [t];
  }
  if (cur) yield cur;
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
