// Where a place is, as the files written by hand name it: relative to the scan root,
// '/'-separated (`src/a.ts`, `fixtures/keys.zip!creds.txt`). Git paths already are.
import { relative, resolve, sep } from 'node:path';
import type { Location, Provenance } from '../types.js';
import { outermost } from '../provenance.js';

/** The place's path relative to `root`, or undefined when it has none (stdin, a commit message). */
export function rootRelative(l: Location, root: string): string | undefined {
  return relPath(l.provenance, resolve(root));
}

function relPath(p: Provenance, root: string): string | undefined {
  switch (p.kind) {
    case 'file': {
      const rel = relative(root, resolve(p.path));
      return sep === '/' ? rel : rel.split(sep).join('/');
    }
    case 'git':
    case 'staged':
      return p.path;
    case 'archive': {
      const outer = relPath(p.outer, root);
      return outer === undefined ? undefined : `${outer}!${p.inner}`;
    }
    default:
      return undefined;
  }
}

/** The file (on disk or in git) that holds the place, relative to `root`: archives match by it too. */
export function outerRelative(l: Location, root: string): string | undefined {
  return relPath(outermost(l.provenance), resolve(root));
}

/** The commit of a git place, if it has one. */
export function commitOf(l: Location): string | undefined {
  const o = outermost(l.provenance);
  return o.kind === 'git' || o.kind === 'git-message' || o.kind === 'git-author' ? o.commit : undefined;
}
