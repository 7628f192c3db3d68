// The store's one order, so that a report, a saved store and a merge of shards come out the
// same whatever order workers finished in. Strings compare by UTF-16 code unit, not locale:
// the same on every machine (a shard merged elsewhere sorts the same).
import type { Finding, Location, Provenance } from '../types.js';
import { outermost } from '../sources/provenance.js';

const SEVERITY = { critical: 0, high: 1, medium: 2, low: 3 } as const;

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Severity first, then where (first location path, line, column) — what reports showed
 * before the store — then rule id and fingerprint, so that no two findings tie.
 */
export function compareFindings(a: Finding, b: Finding): number {
  const la = a.locations[0];
  const lb = b.locations[0];
  return (
    SEVERITY[a.severity] - SEVERITY[b.severity] ||
    (la && lb ? compareLocations(la, lb) : 0) ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.fingerprint, b.fingerprint)
  );
}

/** Repository (org audits), path, line, column; content before name before author; raw before decoded; then the origin (git: oldest commit first). */
export function compareLocations(a: Location, b: Location): number {
  return (
    compareText(a.repo ?? '', b.repo ?? '') ||
    compareText(a.path, b.path) ||
    a.line - b.line ||
    a.column - b.column ||
    compareText(a.field ?? '', b.field ?? '') ||
    compareText(a.encoding ?? '', b.encoding ?? '') ||
    compareText(provenanceKey(a.provenance), provenanceKey(b.provenance))
  );
}

/** A place, as the store dedupes it: repository, path, position, field and full provenance. */
export function locationKey(l: Location): string {
  return `${l.repo ?? ''}\0${l.path}\0${l.line}\0${l.column}\0${l.field ?? ''}\0${provenanceKey(l.provenance)}`;
}

function provenanceKey(p: Provenance): string {
  const o = outermost(p);
  const date = 'date' in o ? o.date : '';
  return `${date}\0${canonical(p)}`;
}

/** JSON with keys sorted: a provenance built here and one loaded from a file compare equal. */
function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
}
