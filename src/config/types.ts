// What a configuration says, once read (from .keyhound.yaml or translated from .gitleaks.toml).
// Plain data: the rule parts cross to the worker threads as they are.
import type { PairSpec, RuleSpec } from '../rules/schema.js';
import type { Format } from '../report/index.js';

export type RegexTarget = 'secret' | 'match' | 'line';

/** One allowlist entry as written (see keyhound.schema.json#/definitions/allowlist). */
export interface AllowlistSpec {
  description?: string;
  reason?: string;
  rules?: string[];
  paths?: string[];
  pathRegexes?: string[];
  regexes?: string[];
  regexTarget?: RegexTarget;
  stopwords?: string[];
  commits?: string[];
}

/** An allowlist entry with where it was written: `file:line`, the Suppression's source. */
export interface PlacedAllowlist extends AllowlistSpec {
  source: string;
}

export interface ConfigLimits {
  maxFileSize?: number | string;
  maxDepth?: number;
  maxArchiveSize?: number | string;
  maxEntries?: number;
  maxRatio?: number;
}

/** The file's keys (keyhound.schema.json). */
export interface ConfigFile {
  builtinRules?: boolean;
  disabledRules?: string[];
  rules?: RuleSpec[];
  pairs?: PairSpec[];
  allowlists?: AllowlistSpec[];
  exclude?: string[];
  defaultExcludes?: boolean;
  limits?: ConfigLimits;
  /** A report format (report/index.ts FORMATS; the schema's enum lists the same). */
  format?: Format;
  failOn?: 'any' | 'live' | 'never';
  baseline?: string;
}

/** The part of a configuration the engine needs (loadRules; every worker gets a copy). */
export interface RuleConfig {
  /** The config file: custom rules are reported as defined there. */
  file: string;
  builtin: boolean;
  /** Custom rules and pairs, parsed. */
  doc?: { rules?: RuleSpec[]; pairs?: PairSpec[] };
  /** Rule ids to drop, each with where it was written (an unknown id is an error there). */
  disable: Array<{ id: string; where: string }>;
  allowlists: PlacedAllowlist[];
}

/** A loaded configuration. */
export interface Config {
  /** The file as found (relative paths stay relative: that is how messages name it). */
  file: string;
  rules: RuleConfig;
  /** `file:line` of each custom rule and pair, by id: where its problems are reported. */
  ruleLines: Record<string, string>;
  exclude: string[];
  defaultExcludes?: boolean;
  limits: ConfigLimits;
  format?: ConfigFile['format'];
  failOn?: ConfigFile['failOn'];
  /** The baseline path, resolved against the config file's directory (src/suppress/ reads it). */
  baseline?: string;
  /** What did not carry over (a gitleaks construct with no equivalent): printed, never fatal. */
  warnings: string[];
}
