// Rules' path allowlists (`allow.paths`), applied where a hit meets the places its content was
// seen (join.ts): per place, so a blob committed at an allow-listed path and at another one is
// reported at the other one only, whichever came first, and nothing is read or matched again.
// Runners match without a path for this reason.
//
// A pair's hit is hidden at a place where any of its parts' rules is allow-listed (the part
// that is not is then not reported alone, as matching with the path known would have done).
import type { Hit } from '../types.js';
import type { CompiledRule, RuleSet } from '../rules/load.js';
import { pathAllowed } from '../engine/allow.js';
import { ruleBudgetMs, runBounded } from '../engine/bounds.js';

/** Paths whose answer is remembered, at most (a tree of millions of paths must not grow memory). */
const CACHE_MAX = 10_000;

export class PathAllow {
  /** Only the rules that have a path allowlist. */
  private readonly rules: CompiledRule[];
  /** Per path: the ids of the rules allow-listed there. */
  private readonly cache = new Map<string, ReadonlySet<string>>();

  constructor(ruleSet: Pick<RuleSet, 'rules'>) {
    this.rules = ruleSet.rules.filter((r) => r.allowPaths.length > 0);
  }

  /** False when no rule has a path allowlist: the join skips the check. */
  get active(): boolean {
    return this.rules.length > 0;
  }

  /** Whether `hit` does not count at `path`. */
  hides(hit: Hit, path: string): boolean {
    const allowed = this.allowedAt(path);
    if (allowed.size === 0) return false;
    if (allowed.has(hit.ruleId)) return true;
    return hit.parts?.some((p) => allowed.has(p.ruleId)) ?? false;
  }

  private allowedAt(path: string): ReadonlySet<string> {
    let ids = this.cache.get(path);
    if (ids) return ids;
    const set = new Set<string>();
    for (const r of this.rules) if (allows(r, path)) set.add(r.id);
    ids = set;
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(path, ids);
    return ids;
  }
}

/** A user rule's path regex is bounded like its pattern; out of time, it does not allow. */
function allows(r: CompiledRule, path: string): boolean {
  if (r.trusted) return pathAllowed(r, path);
  const b = runBounded(() => pathAllowed(r, path), ruleBudgetMs(path.length));
  return 'value' in b && b.value;
}
