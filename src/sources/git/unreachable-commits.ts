// Messages of commits no ref reaches (--all-objects): the object listing names them, the
// walk did not meet them. Few, so read here, 256 asked of one `git cat-file` at a time.
import type { Chunk } from '../../types.js';
import type { HistoryRun } from './history-run.js';
import { BlobReader } from './blobs.js';
import { isoDate } from './commit-table.js';
import type { CommitMeta } from './log.js';
import { messageChunk } from './commit-walk.js';

export async function unreachableCommits(run: HistoryRun, shas: string[]): Promise<void> {
  if (!shas.length || run.stopped) return;
  const { ctx } = run;
  const reader = new BlobReader(run.blobRef, run.opts.maxFileBytes);
  try {
    for (let i = 0; i < shas.length && !run.stopped; i += 256) {
      const asked = shas.slice(i, i + 256).map((sha) => ({ sha, answer: reader.read(sha) }));
      for (const { sha, answer } of asked) {
        const a = await answer;
        if (run.stopped) return;
        const unreachable = 'bytes' in a ? unreachableMessage(sha, a.bytes) : null;
        if (!unreachable) continue;
        const { chunk, meta } = unreachable;
        run.nameAuthor(meta);
        ctx.count('messages');
        ctx.count('unreachableCommits');
        ctx.count('bytes', chunk.bytes.length);
        await run.queue.push(chunk);
      }
    }
  } finally {
    reader.close();
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
