// The repository's own files where credentials end up: remote URLs with a token in their
// userinfo and `http.extraHeader` in `config`, URLs in `FETCH_HEAD`, and credential files
// people drop into the git dir. A fixed list, read as bytes (never through `git config`,
// which would follow include.* paths the repository controls), located as `.git/<name>`
// (a bare repository: `<name>`; a submodule's clone: `.git/modules/<sub>/<name>`). Full history only: a range is about commits, not the clone.
import { readFile, lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { HistoryRun } from './history-run.js';

/** The files read, relative to the git dir. */
export const GIT_DIR_FILES = ['config', 'packed-refs', 'FETCH_HEAD', 'credentials', '.git-credentials'];

/** `label`: the git dir as a path in reports ('' = none, a bare repository's files are at its top). */
export async function gitDirFiles(run: HistoryRun, gitDir: string, label: string): Promise<void> {
  const { ctx, opts } = run;
  for (const name of GIT_DIR_FILES) {
    if (run.stopped) return;
    const file = join(gitDir, name);
    const path = label ? `${label}/${name}` : name;
    // lstat: a symlink the repository planted is not followed (it could point anywhere).
    const st = await lstat(file).catch(() => undefined);
    if (!st?.isFile()) continue;
    if (st.size > opts.maxFileBytes) {
      ctx.count('sizeCapped');
      ctx.warn({ kind: 'size-cap', path, message: `${path} is ${st.size} bytes, over the ${opts.maxFileBytes}-byte cap; not scanned` });
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (e) {
      ctx.warn({ kind: 'unreadable', path, message: `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
      continue;
    }
    ctx.count('gitDirFiles');
    ctx.count('bytes', bytes.length);
    await run.queue.push({ id: `gitdir:${name}`, bytes, provenance: [{ kind: 'file', path }] });
  }
}
