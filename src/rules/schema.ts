// The rule file schema: what a YAML rule may say, validated field by field.
import type { Severity } from '../types.js';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

/** An example is text that must produce a finding; `secret` pins which value it must find. */
export interface RuleExample {
  text: string;
  secret?: string;
}

export interface NearSpec {
  /** The rule whose hits anchor the window (e.g. a key id). */
  rule: string;
  /** Characters either side of the anchor hit. */
  window: number;
  /** Pattern for candidates inside the window; same secret-group convention as the rule. */
  pattern: string;
  validators?: string[];
}

export interface RuleSpec {
  id: string;
  name: string;
  description: string;
  severity: Severity;
  /**
   * Literal strings (printable ASCII), at least one of which occurs in every match: the
   * prefilter runs the rule only on text containing one. Matched in any case when flags
   * has 'i', else exactly as written.
   */
  keywords: string[];
  pattern: string;
  /** Regex flags beyond the engine's own 'gd': only 'i', 'm', 's', 'u' are accepted. */
  flags?: string;
  /** Name or number of the capture group holding the secret. Default: the named group `secret`. */
  secretGroup?: string | number;
  /** Minimum Shannon entropy (bits per char) of the secret. */
  entropy?: number;
  allow?: { regexes?: string[]; stopwords?: string[]; paths?: string[] };
  validators?: string[];
  /**
   * How far a match may lie from the keyword it holds, in characters before the keyword's
   * start and after its end: the rule runs only in these windows around keyword hits.
   * Default: the pattern's longest match each way; required when that is unbounded.
   */
  reach?: { before: number; after: number };
  /** Also accept pattern matches near hits of another rule (e.g. secrets next to key ids). */
  near?: NearSpec;
  /**
   * A catch-all (the generic rule, a bare PEM block): its hit is dropped where a hit of a
   * rule that is not a fallback overlaps it, so the specific rule names the secret.
   */
  fallback?: boolean;
  examples: Array<string | RuleExample>;
  negativeExamples?: string[];
}

/** A credential made of parts found close together (key id + secret [+ session token]). */
export interface PairSpec {
  id: string;
  name: string;
  description: string;
  severity: Severity;
  keyRule: string;
  secretRule: string;
  tokenRule?: string;
  window: number;
  examples: Array<string | RuleExample>;
  negativeExamples?: string[];
}

export interface RuleFile {
  provider?: string;
  /** The provider's name as people write it (capitals, spaces), for `rules list` and the README. */
  name?: string;
  rules?: RuleSpec[];
  pairs?: PairSpec[];
}
