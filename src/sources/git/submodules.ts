// Submodules are other repositories: by default keyhound does not follow them (neither does git
// without --recurse-submodules), and says so, so that nobody takes them for scanned. What is
// read here about them — names and urls from `.gitmodules`, whether git cloned one into the git
// dir — is data the repository controls: read by `git config --blob` (never `git submodule`),
// names checked before they become paths (recurse.ts scans the clones).
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SourceContext } from '../source.js';
import { runGit } from './exec.js';

export interface SubmoduleEntry {
  /** `submodule.<name>.*`: where git keeps its clone, `<gitDir>/modules/<name>`. Untrusted. */
  name: string;
  url?: string;
}

/**
 * path → name and url, from the `.gitmodules` in `rev` ('' = the index). Read by `git config
 * --blob`: parsed as data, include.* not followed. Missing or unreadable: an empty map.
 */
export async function submoduleEntries(repo: string, rev: string): Promise<Map<string, SubmoduleEntry>> {
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
  const out = new Map<string, SubmoduleEntry>();
  for (const [name, path] of paths) {
    const url = urls.get(name);
    out.set(path.replace(/\/+$/, ''), url === undefined ? { name } : { name, url });
  }
  return out;
}

/** path → url from the `.gitmodules` in `rev` (entries without a url left out). */
export async function submoduleUrls(repo: string, rev: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [path, e] of await submoduleEntries(repo, rev)) if (e.url !== undefined) out.set(path, e.url);
  return out;
}

/**
 * A name git itself refuses (check_submodule_name, CVE-2018-11235: a `..` component, with
 * either slash, would put the clone outside `modules/`), empty, or absolute.
 */
export function unsafeName(name: string): boolean {
  return name === '' || /^([\\/]|[a-zA-Z]:)/.test(name) || name.split(/[\\/]/).includes('..');
}

/** Where git would have cloned submodule `name` (a safe name: see unsafeName). */
export function moduleDir(gitDir: string, name: string): string {
  return join(gitDir, 'modules', name);
}

/** Whether git cloned submodule `name` into `gitDir` (`git submodule update --init` did). */
export async function isCloned(gitDir: string, name: string): Promise<boolean> {
  if (unsafeName(name)) return false;
  const head = await lstat(join(moduleDir(gitDir, name), 'HEAD')).catch(() => undefined);
  return head?.isFile() ?? false;
}

/** `links` (path → submodule commit) in path order: notes come out the same every run. */
export function byPath(links: ReadonlyMap<string, string>): Array<[string, string]> {
  return [...links].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `vendor/lib/ → <url> (submodule commit …)`: how every note names a submodule. */
export function submoduleLabel(path: string, url: string | undefined, commit: string): string {
  return `${path}/ → ${url ?? '(no url in .gitmodules)'} (submodule commit ${commit.slice(0, 12)})`;
}

/**
 * One note per submodule path (kind 'submodule': counted, shown in every format, but not
 * incomplete — the content is another repository's, scanned by naming that repository).
 * `links`: path → the submodule commit recorded (the newest seen). With `gitDir` (a history),
 * a submodule git cloned there is said to be one --recurse-submodules would scan.
 */
export async function noteSubmodules(repo: string, rev: string, links: ReadonlyMap<string, string>, ctx: SourceContext, gitDir?: string): Promise<void> {
  if (links.size === 0) return;
  const entries = await submoduleEntries(repo, rev);
  for (const [path, commit] of byPath(links)) {
    const entry = entries.get(path);
    const cloned = gitDir !== undefined && (await isCloned(gitDir, entry?.name ?? path));
    ctx.count('submodules');
    ctx.warn({
      kind: 'submodule',
      path,
      message: `not followed: ${submoduleLabel(path, entry?.url, commit)}; it is another repository: scan it on its own${cloned ? ' or with --recurse-submodules (it is cloned in the git dir)' : ''}`,
    });
  }
}
