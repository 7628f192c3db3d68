// The engine's entry point (DESIGN.md): compile(rules, providers) → Matcher, and
// matcher.scan(text, opts) → matches. Compiling builds the keyword index (one automaton over
// every rule's keywords) and the keyword → rules map once per rule set; scanning is pure.
import type { RuleSet } from '../rules/load.js';
import { Engine, type Matcher } from './detect.js';

export type { Matcher, ScanOptions } from './detect.js';

/**
 * A matcher for `rules`. `providers` is where provider plugins (validators, enrichment) will
 * be handed in (issue #11 property 1); today the rule set carries its validators itself.
 * `opts.marks`: literals the keyword pass reports besides keywords (the runtime hands in
 * decode's view triggers, DECODE_MARKS), so one pass over a file tells both.
 */
export function compile(rules: RuleSet, providers: readonly unknown[] = [], opts: { marks?: readonly string[] } = {}): Matcher {
  void providers;
  return new Engine(rules, opts);
}
