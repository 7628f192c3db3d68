// The engine's entry point (DESIGN.md): compile(rules, providers) → Matcher, and
// matcher.scan(text, opts) → matches. Compiling builds the keyword index (one automaton over
// every rule's keywords) and the keyword → rules map once per rule set; scanning is pure.
import type { RuleSet } from '../rules/load.js';
import { Engine, type Matcher } from './detect.js';

export type { Matcher, ScanOptions } from './detect.js';

/**
 * A matcher for `rules`. `providers` is where provider plugins (validators, enrichment) will
 * be handed in (issue #11 property 1); today the rule set carries its validators itself.
 */
export function compile(rules: RuleSet, providers: readonly unknown[] = []): Matcher {
  void providers;
  return new Engine(rules);
}
