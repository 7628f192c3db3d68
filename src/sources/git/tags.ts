// Annotated tag messages, scanned like commit messages (people paste secrets into release
// notes too). One `git for-each-ref` lists every annotated tag with its message; lightweight
// tags have none. The chunk's provenance is a 'git-message' whose `commit` is the tag object
// and `tag` its name, shown as `(tag message v1.0)`.
import type { Chunk } from '../../types.js';
import type { HistoryRun } from './history-run.js';
import { runGit } from './exec.js';

/** Fields per tag, each ended by NUL (a message cannot hold NUL). */
const FORMAT = ['%(objectname)', '%(objecttype)', '%(refname:strip=2)', '%(taggername)', '%(taggeremail:trim)', '%(taggerdate:iso-strict)', '%(subject)', '%(contents)'];

export interface TagMessage {
  object: string;
  name: string;
  tagger: string;
  email: string;
  date: string;
  subject: string;
  message: string;
}

/** Parse for-each-ref output in FORMAT: lightweight tags (objecttype ≠ tag) are skipped. */
export function parseTags(out: string): TagMessage[] {
  const f = out.split('\0');
  const tags: TagMessage[] = [];
  for (let i = 0; i + FORMAT.length <= f.length; i += FORMAT.length) {
    // for-each-ref ends each record with a newline, before the next one's first field
    const [object, type, name, tagger, email, date, subject, message] = f.slice(i, i + FORMAT.length).map((x, j) => (j === 0 ? x.replace(/^\n/, '') : x));
    if (type !== 'tag') continue;
    tags.push({ object: object!, name: name!, tagger: tagger!, email: email!, date: date!, subject: subject!, message: message! });
  }
  return tags;
}

export function tagChunk(t: TagMessage): Chunk {
  return {
    id: `tag:${t.object}`,
    bytes: Buffer.from(t.message, 'utf8'),
    provenance: [{ kind: 'git-message', commit: t.object, tag: t.name, author: t.tagger, email: t.email, date: t.date, subject: t.subject }],
  };
}

/** Queue every annotated tag's message (full history only: a range names no tags). */
export async function tagMessages(run: HistoryRun): Promise<void> {
  const r = await runGit(run.opts.repo, ['for-each-ref', `--format=${FORMAT.join('%00')}%00`, 'refs/tags'], { children: run.children });
  if (r.code !== 0 || run.stopped) return;
  for (const t of parseTags(r.stdout.toString('utf8'))) {
    if (run.stopped) return;
    if (t.message.trim() === '') continue;
    const chunk = tagChunk(t);
    run.ctx.count('tagMessages');
    run.ctx.count('bytes', chunk.bytes.length);
    await run.queue.push(chunk);
  }
}
