// How a Provenance is shown as a path: the one place that joins archive paths with '!'. Pure (no
// I/O), at the top of src/ so that the engine and the sources can both import it.
import type { Provenance } from './types.js';

export function displayPath(p: Provenance): string {
  switch (p.kind) {
    case 'file':
    case 'staged':
    case 'git':
      return p.path;
    case 'stdin':
      return '-';
    case 'git-message':
      return inSubmodule(p.submodule, p.tag !== undefined ? `(tag message ${p.tag})` : `(commit message ${p.commit.slice(0, 12)})`);
    case 'git-author':
      return inSubmodule(p.submodule, `(author of commit ${p.commit.slice(0, 12)})`);
    case 'git-unreachable':
      return inSubmodule(p.submodule, `(unreachable blob ${p.blob.slice(0, 12)})`);
    case 'archive':
      return `${displayPath(p.outer)}!${p.inner}`;
    case 'content':
      // Inside the runner only: paths relative to the content start with its id (see work.ts).
      return p.id;
  }
}

/**
 * A label of a submodule's (--recurse-submodules) under its path, as its files' paths are
 * (`vendor/lib/(commit message …)`): the same --exclude globs and allowlist paths cover both.
 */
function inSubmodule(submodule: string | undefined, label: string): string {
  return submodule === undefined ? label : `${submodule}/${label}`;
}

/** The outermost provenance: the file on disk or in git that holds everything else. */
export function outermost(p: Provenance): Provenance {
  return p.kind === 'archive' ? outermost(p.outer) : p;
}
