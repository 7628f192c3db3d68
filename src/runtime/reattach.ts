// Where a hit gets its chunk's full provenance back. Workers see a stand-in (a display path,
// wire.ts): a git blob's provenance (up to 20 commits with author, email, subject) stays on
// the main thread, and a blob scanned before the commit walk ends has none yet (Chunk.settle).
import type { Provenance } from '../types.js';
import type { WorkResult } from './runner.js';
import { displayPath } from '../sources/provenance.js';

/**
 * Give `r`'s hits the provenance `full` in place of the one they were matched under (`was`),
 * and its warnings the display path of `full`. Archive provenance nests: only the innermost
 * non-archive part (the file or blob holding the archive) is replaced.
 */
export function reattach(r: WorkResult, was: Provenance | undefined, full: Provenance[], moreProvenance?: number): WorkResult {
  for (const h of r.hits) {
    h.provenance = full.map((p) => rebase(h.provenance[0]!, p));
    if (moreProvenance) h.moreProvenance = moreProvenance;
  }
  if (was && full[0] && r.warnings.length) {
    const from = displayPath(was);
    const to = displayPath(full[0]);
    for (const w of r.warnings) if (w.path.startsWith(from)) w.path = to + w.path.slice(from.length);
  }
  return r;
}

/** `prov` with its innermost (non-archive) provenance replaced by `to`. */
function rebase(prov: Provenance, to: Provenance): Provenance {
  return prov.kind === 'archive' ? { ...prov, outer: rebase(prov.outer, to) } : to;
}
