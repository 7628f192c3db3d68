// Submodules are other repositories: keyhound does not follow them (neither does git without
// --recurse-submodules), and says so, so that nobody takes them for scanned.
import type { SourceContext } from '../source.js';
import { runGit } from './exec.js';

/**
 * path → url from the `.gitmodules` in `rev` ('' = the index). Read by `git config --blob`:
 * parsed as data, include.* not followed. Missing or unreadable: an empty map.
 */
export async function submoduleUrls(repo: string, rev: string): Promise<Map<string, string>> {
  const r = await runGit(repo, ['config', '--blob', `${rev}:.gitmodules`, '-z', '--get-regexp', '^submodule\\..*\\.(path|url)$']).catch(() => undefined);
  const paths = new Map<string, string>();
  const urls = new Map<string, string>();
  if (r?.code === 0) {
    // -z: `key\nvalue\0`; the submodule's name may hold dots, the key's last part does not.
    for (const entry of r.stdout.toString('utf8').split('\0')) {
      const nl = entry.indexOf('\n');
      if (nl < 0) continue;
      const key = entry.slice(0, nl);
      const dot = key.lastIndexOf('.');
      const name = key.slice('submodule.'.length, dot);
      (key.slice(dot + 1) === 'path' ? paths : urls).set(name, entry.slice(nl + 1));
    }
  }
  const out = new Map<string, string>();
  for (const [name, path] of paths) {
    const url = urls.get(name);
    if (url !== undefined) out.set(path.replace(/\/+$/, ''), url);
  }
  return out;
}

/**
 * One note per submodule path (kind 'submodule': counted, shown in every format, but not
 * incomplete — the content is another repository's, scanned by naming that repository).
 * `links`: path → the submodule commit recorded (the newest seen).
 */
export async function noteSubmodules(repo: string, rev: string, links: ReadonlyMap<string, string>, ctx: SourceContext): Promise<void> {
  if (links.size === 0) return;
  const urls = await submoduleUrls(repo, rev);
  for (const [path, commit] of [...links].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const url = urls.get(path);
    ctx.count('submodules');
    ctx.warn({
      kind: 'submodule',
      path,
      message: `not followed: ${path}/ → ${url ?? '(no url in .gitmodules)'} (submodule commit ${commit.slice(0, 12)}); it is another repository: scan it on its own`,
    });
  }
}
