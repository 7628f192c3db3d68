// A scan warning as one short line for a human (stderr, the text report), and warnings
// grouped by kind when there are many. The full detail stays in the JSON report. Pure.
import type { ScanWarning } from '../types.js';
import { clean } from './text.js';

/** Up to this many warnings are listed one by one; beyond it they are grouped by kind. */
export const GROUP_OVER = 10;
/** Paths named per kind in a grouped line. */
const EXAMPLES = 3;

/** Git object ids (sha1, sha256) shown as their first 12 characters. */
const OBJECT_ID = /\b([0-9a-f]{12})(?:[0-9a-f]{28}|[0-9a-f]{52})\b/g;

/**
 * `path: message` on one line (callers put the kind first, each in its own way). Brief (the default) shortens object ids and drops what
 * the message repeats of the path (its blob id, " at PATH,"); verbose keeps the message whole.
 * Either way control characters are escaped: paths are the scanned party's.
 */
export function warningLine(w: ScanWarning, opts: { verbose?: boolean } = {}): string {
  if (opts.verbose) return `${clean(w.path)}: ${clean(w.message)}`;
  const path = w.path.replace(OBJECT_ID, '$1');
  let message = w.message.replace(OBJECT_ID, '$1');
  for (const [, id] of path.matchAll(/\(blob ([0-9a-f]{12})\)/g)) message = message.replace(new RegExp(`\\bblob ${id}\\b ?`), '');
  const bare = path.replace(/ \(blob [0-9a-f]{12}\)$/, '');
  message = message.split(` at ${bare}, `).join(' ').split(`at ${bare}, `).join('');
  return `${clean(path)}: ${clean(message.trim())}`;
}

/** Count per kind, in first-seen order. */
export function kindCounts(warnings: readonly ScanWarning[]): Map<ScanWarning['kind'], ScanWarning[]> {
  const byKind = new Map<ScanWarning['kind'], ScanWarning[]>();
  for (const w of warnings) {
    const list = byKind.get(w.kind);
    if (list) list.push(w);
    else byKind.set(w.kind, [w]);
  }
  return byKind;
}

/** `kind ×N: a, b, c, …` per kind: many warnings in a few lines. */
export function groupedLines(warnings: readonly ScanWarning[]): string[] {
  return [...kindCounts(warnings)].map(([kind, ws]) => {
    const paths = ws.slice(0, EXAMPLES).map((w) => clean(w.path.replace(OBJECT_ID, '$1')));
    return `${kind} ×${ws.length}: ${paths.join(', ')}${ws.length > EXAMPLES ? ', …' : ''}`;
  });
}
