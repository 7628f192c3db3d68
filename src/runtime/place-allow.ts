// Config allowlist entries on paths and commits, applied at the join: one text (a git blob)
// can sit at many places, and only the places an entry names are marked (Location.suppressed).
// Marked, not dropped: src/suppress/ decides what is hidden.
import type { Finding, Location } from '../types.js';
import { outermost } from '../provenance.js';
import { appliesTo, suppression, type CompiledAllowlist } from '../config/allowlist.js';

/**
 * `root`: the directory `scan` was given (paths are shown under it): path conditions are
 * tested on the path relative to it, as the config at that root writes them. git and staged
 * paths are the repository's own.
 */
export function markPlaces(findings: readonly Finding[], lists: readonly CompiledAllowlist[] | undefined, root?: string): void {
  const placed = (lists ?? []).filter((a) => a.paths.length > 0 || a.commits.length > 0);
  if (!placed.length) return;
  const prefix = root === undefined || root === '.' || root === './' ? '' : `${root.replace(/\/+$/, '')}/`;
  const relative = (p: string) => (prefix && p.startsWith(prefix) ? p.slice(prefix.length) : p.replace(/^(\.\/)+/, ''));
  for (const f of findings) {
    const ids = [f.ruleId, ...(f.parts ?? []).map((p) => p.ruleId)];
    const mine = placed.filter((a) => appliesTo(a, ids));
    for (const loc of f.locations) for (const a of mine) if (holds(a, loc, relative(loc.path))) mark(loc, a);
  }
}

function holds(a: CompiledAllowlist, loc: Location, path: string): boolean {
  if (a.paths.some((re) => re.test(path))) return true;
  const at = outermost(loc.provenance);
  const commit = 'commit' in at ? at.commit.toLowerCase() : undefined;
  return commit !== undefined && a.commits.some((c) => commit.startsWith(c));
}

function mark(loc: Location, a: CompiledAllowlist): void {
  if (loc.suppressed?.some((s) => s.kind === 'allowlist' && s.source === a.source)) return;
  (loc.suppressed ??= []).push(suppression(a));
}
