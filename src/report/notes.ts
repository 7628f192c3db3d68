// Which warning kinds are notes: something worth saying about what was not scanned, where
// there was nothing of the scan's own to scan (another repository, a link to nowhere, a FIFO
// inside a tree, an empty stdin). Notes never make a scan incomplete; reporters show them at
// the lower level (SARIF `note`, GitHub `::notice`) so a CI log does not cry wolf.
import type { WarningKind } from '../types.js';

const NOTES: ReadonlySet<WarningKind> = new Set<WarningKind>(['submodule', 'dangling-symlink', 'special-file', 'empty-input', 'default-excluded']);

export function isNote(kind: WarningKind): boolean {
  return NOTES.has(kind);
}
