// A config allowlist entry as the engine and the join use it (compiled by compile-allowlist.ts).
// What an entry does with a hit is src/engine/allow.ts (content) and runtime/place-allow.ts (places).
import type { Suppression } from '../types.js';
import type { RegexTarget } from './types.js';

export interface CompiledAllowlist {
  /** `file:line` of the entry: what a Suppression names, and --report-unused counts. */
  source: string;
  reason?: string;
  /** Rule ids it applies to; undefined = every rule. */
  rules?: ReadonlySet<string>;
  /** Globs and path regexes, on a place's display path. */
  paths: RegExp[];
  regexes: RegExp[];
  target: RegexTarget;
  /** Lower case: a stopword is found in the secret in any case. */
  stopwords: string[];
  /** Lower case commit ids or prefixes. */
  commits: string[];
}

/** Whether the entry applies to findings of `ruleId` (a pair: its own id or a part's). */
export function appliesTo(a: CompiledAllowlist, ruleIds: readonly string[]): boolean {
  return !a.rules || ruleIds.some((id) => a.rules!.has(id));
}

export function suppression(a: CompiledAllowlist): Suppression {
  return { kind: 'allowlist', source: a.source, ...(a.reason !== undefined ? { reason: a.reason } : {}) };
}
