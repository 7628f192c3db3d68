// --exclude (and the config's `exclude:`) for sources whose paths are known only late: git
// history and staged changes, where a blob's paths are settled after it was read. A place
// (commit + path) under an excluded path is dropped at the join, so a blob that sits both in
// vendor/ and in src/ is still reported in src/. The globs mean what they mean to the
// directory walk: relative to the repository's top, a directory glob covers what is below it.
import type { Provenance, ScanWarning } from '../types.js';
import type { PlacedHit } from '../store/placed.js';
import { outermost } from '../provenance.js';
import { excluder } from '../sources/exclude.js';

export interface PlaceFilter {
  /** The hit with its excluded places dropped; undefined when none is left. */
  hit(h: PlacedHit): PlacedHit | undefined;
  /**
   * Whether a warning is about an excluded path (a blob over the size cap under vendor/):
   * what the user excluded does not make the scan incomplete.
   */
  warning(w: ScanWarning): boolean;
}

export function placeExcluder(globs: readonly string[]): PlaceFilter | undefined {
  if (!globs.length) return undefined;
  const ex = excluder(globs, '/');
  const pathExcluded = (path: string): boolean => {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) if (ex.skips(parts.slice(0, i).join('/'), true)) return true;
    return ex.skips(path, false);
  };
  const excluded = (p: Provenance): boolean => {
    const at = outermost(p);
    return (at.kind === 'git' || at.kind === 'staged' || at.kind === 'file') && pathExcluded(at.path);
  };
  return {
    hit: (h) => {
      if (!h.provenance.some(excluded)) return h;
      const kept = h.provenance.filter((p) => !excluded(p));
      return kept.length ? { ...h, provenance: kept } : undefined;
    },
    // Sources name a blob's place as `path` or `path (blob <id>)`; an archive member as outer!inner.
    warning: (w) => (w.kind === 'size-cap' || w.kind === 'missing-object') && pathExcluded(w.path.replace(/ \(blob [0-9a-f]+\)$/, '').split('!')[0]!),
  };
}
