// Load rule YAML files, validate every field, compile regexes. Errors name the file and rule id.
// One rule's or pair's fields are checked and compiled in compile-rule.ts.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Severity } from '../types.js';
import type { PairSpec, RuleExample, RuleFile, RuleSpec } from './schema.js';
import type { Validator } from './validators.js';
import type { KeywordTail } from '../engine/prefilter.js';
import { PROVIDERS, providerById } from '../providers/index.js';
import { compilePair, compileRule, type Derived } from './compile-rule.js';
import type { RuleConfig } from '../config/types.js';
import type { CompiledAllowlist } from '../config/allowlist.js';

export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));

export interface CompiledRule {
  id: string;
  name: string;
  description: string;
  severity: Severity;
  file: string;
  /** Id of the provider its file names (`provider:`), whose plugin enriches, redacts and verifies its hits. */
  provider?: string;
  /** The provider's display name (the file's `name:`), when it gives one. */
  providerName?: string;
  /**
   * A built-in rule (vetted): matched without a time budget. User rules (--rules) are matched
   * under one and never on the main thread of a scan (see engine/bounds.ts).
   */
  trusted: boolean;
  /**
   * Steps per character of text its regexes (pattern, near, allow) can take at worst
   * (rules/backtrack.ts), Infinity when unbounded: a user rule at or below
   * engine/bounds.ts FAST_STEPS runs without the time budget's watchdog.
   */
  steps: number;
  /** Keywords as written; matched in any case when ignoreCase, else exactly. */
  keywords: string[];
  /** The rule has flags: i — its keywords match in any case too. */
  ignoreCase: boolean;
  /** Per keyword, what follows it in the rule's matches (rules/keyword-tail.ts); absent: nothing known. */
  keywordTails?: Array<KeywordTail | undefined>;
  regex: RegExp;
  secretGroup: string | number;
  /** Where a match may lie around a keyword hit (rules/reach.ts): the window the rule runs in. */
  reach: { before: number; after: number };
  entropy?: number;
  allowRegexes: RegExp[];
  stopwords: string[];
  allowPaths: RegExp[];
  validators: Validator[];
  /** The names of `validators`, as the rule file wrote them (offline checks, for `rules list`). */
  validatorNames: string[];
  near?: { rule: string; window: number; regex: RegExp; secretGroup: string | number; validators: Validator[] };
  /** Dropped where a non-fallback rule's hit overlaps (RuleSpec.fallback). */
  fallback: boolean;
  examples: RuleExample[];
  negativeExamples: string[];
}

export interface CompiledPair extends PairSpec {
  file: string;
  provider?: string;
  providerName?: string;
  examples: RuleExample[];
  negativeExamples: string[];
}

export interface RuleSet {
  rules: CompiledRule[];
  pairs: CompiledPair[];
  files: string[];
  /**
   * Every rule file of the set (built-in and --rules) as parsed: the one rule set the main
   * thread hands to its workers, which compile it without reading a rule file or the snapshot.
   */
  parsed?: ParsedRuleFile[];
  /** The config's allowlist entries: the engine marks hits they hold for (engine/allow.ts). */
  allowlists?: CompiledAllowlist[];
}

/** A rule file's parsed YAML document (plain data, structured-clonable). */
export interface ParsedRuleFile {
  file: string;
  doc: unknown;
  /** Built-in rule data (see RuleSource.trusted). */
  trusted?: boolean;
  /** A config's own rules (see RuleSource.fromConfig). */
  fromConfig?: boolean;
  /** See RuleSource.derived. */
  derived?: DerivedByRule;
}

export class RuleLoadError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid rules:\n  ${problems.join('\n  ')}`);
  }
}


/** Rule files given as files or directories (every *.yaml / *.yml inside, sorted). */
export function ruleFilesIn(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    const abs = resolve(p);
    if (statSync(abs).isDirectory()) {
      for (const name of readdirSync(abs).sort()) if (/\.ya?ml$/.test(name)) out.push(join(abs, name));
    } else out.push(abs);
  }
  return out;
}

/**
 * Built-in rules parsed at build time (npm run build writes it): importing and running the
 * YAML parser costs ~200 ms, most of a pre-commit run. Used only while no rule file is newer.
 */
export const BUILTIN_SNAPSHOT = fileURLToPath(new URL('../../dist/builtin-rules.json', import.meta.url));

export interface RuleSource {
  file: string;
  text?: string;
  /** Already-parsed document (from the build-time snapshot). */
  doc?: unknown;
  /** Built-in rule data: its rules are matched without a time budget. */
  trusted?: boolean;
  /** A config's rules: one with a built-in rule's id replaces it; examples may be empty. */
  fromConfig?: boolean;
  /** Built-in only: what the build derived from each rule's pattern, by rule id. */
  derived?: DerivedByRule;
}

export type DerivedByRule = Record<string, Derived>;

/**
 * The rule set, with every file's parsed document (`parsed`) for the workers: they compile
 * those without reading or parsing YAML — cold, the YAML parser costs ~0.7 s per thread on
 * 220 rules, more than scanning a 73 MB tree with them.
 */
export async function loadRules(opts: { extra?: string[]; builtin?: boolean; config?: RuleConfig } = {}): Promise<RuleSet> {
  const { config } = opts;
  const builtin = opts.builtin === false || config?.builtin === false ? [] : builtinSources();
  const extra: RuleSource[] = ruleFilesIn(opts.extra ?? []).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
  const own: RuleSource[] = config?.doc ? [{ file: config.file, doc: config.doc, fromConfig: true }] : [];
  const sources = [...builtin, ...extra, ...own];
  const set = await compileRuleFiles(sources);
  // Workers compile `parsed` and apply the same config (runtime/runner.ts ChunkRunner.create).
  if (config) await applyRuleConfig(set, config);
  return {
    ...set,
    parsed: sources.map((s) => ({ file: s.file, doc: s.doc ?? parsedDocs.get(s)!, ...(s.trusted ? { trusted: true } : {}), ...(s.fromConfig ? { fromConfig: true } : {}), ...(s.derived ? { derived: s.derived } : {}) })),
  };
}

/** A config's disabled rules dropped (an unknown id is an error where it was written), its allowlists compiled. */
export async function applyRuleConfig(set: RuleSet, config: RuleConfig): Promise<void> {
  const problems: string[] = [];
  const ids = new Set([...set.rules, ...set.pairs].map((r) => r.id));
  const off = new Set<string>();
  for (const d of config.disable) {
    if (!ids.has(d.id)) problems.push(`${d.where}: disabledRules: no rule or pair has the id '${d.id}'`);
    off.add(d.id);
  }
  set.rules = set.rules.filter((r) => !off.has(r.id));
  // A pair needs its key and secret rules; without its token rule it still pairs the two.
  set.pairs = set.pairs
    .filter((p) => !off.has(p.id) && !off.has(p.keyRule) && !off.has(p.secretRule))
    .map((p) => (p.tokenRule !== undefined && off.has(p.tokenRule) ? { ...p, tokenRule: undefined } : p));
  if (config.allowlists.length) set.allowlists = (await import('../config/compile-allowlist.js')).compileAllowlists(config.allowlists, problems);
  if (problems.length) throw new RuleLoadError(problems);
}

function builtinSources(): RuleSource[] {
  const files = ruleFilesIn([BUILTIN_RULES_DIR]);
  if (existsSync(BUILTIN_SNAPSHOT)) {
    const snapshotTime = statSync(BUILTIN_SNAPSHOT).mtimeMs;
    const snap = JSON.parse(readFileSync(BUILTIN_SNAPSHOT, 'utf8')) as { files: Array<{ name: string; doc: unknown; derived?: DerivedByRule }> };
    const names = files.map((f) => f.slice(BUILTIN_RULES_DIR.length));
    const fresh = files.every((f) => statSync(f).mtimeMs <= snapshotTime) && names.join('\0') === snap.files.map((f) => f.name).join('\0');
    if (fresh) return snap.files.map((f) => ({ file: join(BUILTIN_RULES_DIR, f.name), doc: f.doc, trusted: true, ...(f.derived ? { derived: f.derived } : {}) }));
  }
  return files.map((file) => ({ file, text: readFileSync(file, 'utf8'), trusted: true }));
}

/** Each source's parsed document, for loadRules to hand on (see RuleSet.parsed). */
const parsedDocs = new WeakMap<RuleSource, unknown>();

export async function compileRuleFiles(sources: RuleSource[]): Promise<RuleSet> {
  const problems: string[] = [];
  const rules: CompiledRule[] = [];
  const pairs: CompiledPair[] = [];
  const seen = new Map<string, string>();
  const parseYaml = sources.some((s) => s.doc === undefined) ? (await import('yaml')).parse : undefined;

  for (const source of sources) {
    const { file, text, doc: parsed, trusted = false, fromConfig = false } = source;
    let doc: RuleFile;
    try {
      doc = (parsed ?? parseYaml!(text ?? '') ?? {}) as RuleFile;
      if (source.doc === undefined) parsedDocs.set(source, doc);
    } catch (e) {
      problems.push(`${file}: YAML error: ${(e as Error).message.split('\n')[0]}`);
      continue;
    }
    if (typeof doc !== 'object' || Array.isArray(doc)) {
      problems.push(`${file}: expected a mapping with 'rules' and/or 'pairs'`);
      continue;
    }
    for (const key of Object.keys(doc)) {
      if (!['provider', 'name', 'rules', 'pairs'].includes(key)) problems.push(`${file}: unknown top-level key '${key}'`);
    }
    const provider = providerOfFile(doc.provider, file, problems);
    if (doc.name !== undefined && (typeof doc.name !== 'string' || !doc.name.trim())) problems.push(`${file}: 'name' must be the provider's name, a non-empty string`);
    const providerName = typeof doc.name === 'string' && doc.name.trim() ? doc.name.trim() : undefined;
    for (const [i, raw] of (asArray(doc.rules, file, 'rules', problems) as RuleSpec[]).entries()) {
      const where = `${file}: rule ${typeof raw?.id === 'string' ? `'${raw.id}'` : `#${i + 1}`}`;
      const before = problems.length;
      const checked = trusted && parsed !== undefined ? (source.derived?.[String(raw?.id)] ?? {}) : undefined;
      const rule = compileRule(raw, file, trusted, where, problems, fromConfig, checked);
      if (rule && problems.length === before) {
        const replaced = fromConfig ? rules.findIndex((r) => r.id === rule.id && r.trusted) : -1;
        if (replaced >= 0) rules.splice(replaced, 1), seen.delete(rule.id);
        if (seen.has(rule.id)) problems.push(`${where}: duplicate id (first defined in ${seen.get(rule.id)})`);
        else {
          seen.set(rule.id, file);
          if (provider) rule.provider = provider;
          if (providerName) rule.providerName = providerName;
          rules.push(rule);
        }
      }
    }
    for (const [i, raw] of (asArray(doc.pairs, file, 'pairs', problems) as PairSpec[]).entries()) {
      const where = `${file}: pair ${typeof raw?.id === 'string' ? `'${raw.id}'` : `#${i + 1}`}`;
      const pair = compilePair(raw, file, where, problems, fromConfig);
      if (!pair) continue;
      if (seen.has(pair.id)) problems.push(`${where}: duplicate id (first defined in ${seen.get(pair.id)})`);
      else {
        seen.set(pair.id, file);
        if (provider) pair.provider = provider;
        if (providerName) pair.providerName = providerName;
        pairs.push(pair);
      }
    }
  }
  crossCheck(rules, pairs, problems);
  if (problems.length) throw new RuleLoadError(problems);
  return { rules, pairs, files: sources.map((s) => s.file) };
}

/** Cross-references (near.rule, a pair's rules) are checked once every file is in. */
function crossCheck(rules: CompiledRule[], pairs: CompiledPair[], problems: string[]): void {
  const ids = new Set(rules.map((r) => r.id));
  for (const r of rules) {
    if (r.near && !ids.has(r.near.rule)) problems.push(`${r.file}: rule '${r.id}': near.rule '${r.near.rule}' is not a rule`);
  }
  for (const p of pairs) {
    for (const ref of [p.keyRule, p.secretRule, p.tokenRule]) {
      if (ref !== undefined && !ids.has(ref)) problems.push(`${p.file}: pair '${p.id}': '${ref}' is not a rule`);
    }
  }
}

/** A file's `provider:` must name a registered provider (providers/index.ts). */
function providerOfFile(v: unknown, file: string, problems: string[]): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' && providerById(v)) return v;
  problems.push(`${file}: unknown provider '${typeof v === 'string' ? v : JSON.stringify(v)}' (known: ${PROVIDERS.map((p) => p.id).join(', ')})`);
  return undefined;
}

function asArray(v: unknown, file: string, key: string, problems: string[]): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    problems.push(`${file}: '${key}' must be a list`);
    return [];
  }
  return v;
}
