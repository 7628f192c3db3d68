// --exclude globs (picomatch syntax, as fast-glob took them before): tested against the path
// relative to the scanned root, '/'-separated; an absolute glob against the absolute path.
// A directory that matches (as "dir" or "dir/") is not entered at all.
import { isAbsolute } from 'node:path';
import { globRegExp } from './glob.js';

export interface Excluder {
  /** Whether the file or directory at `rel` (relative to the root, '/'-separated) is skipped. */
  skips(rel: string, isDir: boolean): boolean;
}

export const EXCLUDE_NOTHING: Excluder = { skips: () => false };

export function excluder(globs: readonly string[], rootAbs: string): Excluder {
  if (!globs.length) return EXCLUDE_NOTHING;
  const relative: RegExp[] = [];
  const absolute: RegExp[] = [];
  for (const g of globs) {
    if (isAbsolute(g)) absolute.push(globRegExp(g));
    else relative.push(globRegExp(g.replace(/^(\.\/)+/, '')));
  }
  const base = rootAbs.endsWith('/') ? rootAbs : rootAbs + '/';
  const any = (res: RegExp[], p: string, isDir: boolean) => res.some((re) => re.test(p) || (isDir && re.test(p + '/')));
  return {
    skips: (rel, isDir) => any(relative, rel, isDir) || (absolute.length > 0 && any(absolute, base + rel, isDir)),
  };
}
