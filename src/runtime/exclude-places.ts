// --exclude (and the config's `exclude:`) for sources whose paths are known only late: git
// history and staged changes, where a blob's paths are settled after it was read. A place
// (commit + path) under an excluded path is dropped at the join, so a blob that sits both in
// vendor/ and in src/ is still reported in src/. The globs mean what they mean to the
// directory walk: relative to the repository's top, a directory glob covers what is below it.
import type { Provenance } from '../types.js';
import type { PlacedHit } from '../store/placed.js';
import { outermost } from '../provenance.js';
import { excluder } from '../sources/exclude.js';

export type PlaceFilter = (h: PlacedHit) => PlacedHit | undefined;

/** A filter dropping excluded places of each hit (the hit itself when none is left). */
export function placeExcluder(globs: readonly string[]): PlaceFilter | undefined {
  if (!globs.length) return undefined;
  const ex = excluder(globs, '/');
  const excluded = (p: Provenance): boolean => {
    const at = outermost(p);
    if (at.kind !== 'git' && at.kind !== 'staged' && at.kind !== 'file') return false;
    const parts = at.path.split('/');
    for (let i = 1; i < parts.length; i++) if (ex.skips(parts.slice(0, i).join('/'), true)) return true;
    return ex.skips(at.path, false);
  };
  return (h) => {
    if (!h.provenance.some(excluded)) return h;
    const kept = h.provenance.filter((p) => !excluded(p));
    return kept.length ? { ...h, provenance: kept } : undefined;
  };
}
