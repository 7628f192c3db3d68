// The LIST of `keyhound repos`: one repository a line (local path, bare mirror, https://,
// ssh://, file:// URL), `#` comments and blank lines ignored. Each entry keeps the URL to
// clone from (which may hold credentials) apart from the name every report shows (never).
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';

export interface RepoEntry {
  /** The repository as reports show it: normalised, no userinfo. The identity of a repo. */
  repo: string;
  /** Where git clones or fetches from (may carry credentials: never printed). */
  url: string;
  /** A local path scanned in place (no clone); undefined for URLs. */
  local?: string;
}

const URL_SCHEMES = /^(https?|ssh|file|git):\/\//i;
/** scp-like ssh (`git@host:org/repo.git`): a URL, not a path. */
const SCP_LIKE = /^[^/\s@]+@[^/\s:]+:/;

/** Lines of a LIST; `where` names it in errors (a file or stdin). */
export function parseRepoList(text: string, cwd = process.cwd()): RepoEntry[] {
  const out: RepoEntry[] = [];
  const seen = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const entry = repoEntry(line, cwd);
    // The same repository listed twice is scanned once.
    if (seen.has(entry.repo)) continue;
    seen.add(entry.repo);
    out.push(entry);
  }
  return out;
}

export function repoEntry(line: string, cwd = process.cwd()): RepoEntry {
  if (URL_SCHEMES.test(line)) return { repo: normaliseUrl(line), url: line };
  if (SCP_LIKE.test(line)) return { repo: line.replace(/^[^@]+@/, 'ssh://').replace(/:(?!\/\/)/, '/').replace(/\/+$/, ''), url: line };
  const path = resolve(cwd, line);
  return { repo: path, url: path, local: path };
}

/** A URL without userinfo, query or fragment, lower-case scheme and host, no trailing slash. */
export function normaliseUrl(s: string): string {
  try {
    const u = new URL(s);
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString().replace(/\/+$/, '');
  } catch {
    // Not parseable as a URL: drop anything that looks like userinfo all the same.
    return s.replace(/^([a-z]+:\/\/)[^/@]*@/i, '$1').replace(/\/+$/, '');
  }
}

/** A stable id of a repository (sha256 of its normalised name): cache dirs, shards, store origins. */
export function repoHash(repo: string): string {
  return createHash('sha256').update(repo).digest('hex');
}

/** A readable, filesystem-safe tail of the repo name, for cache directory names. */
export function repoSlug(repo: string): string {
  const tail = repo.replace(/\.git$/, '').split('/').filter(Boolean).slice(-2).join('-');
  return tail.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60) || 'repo';
}
