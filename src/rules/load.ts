// Load rule YAML files, validate every field, compile regexes. Errors name the file and rule id.
// size: ~400 lines of field-by-field validation; over the ≈300 target, not split yet (issue #11 p7).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Severity } from '../types.js';
import { SEVERITIES, type NearSpec, type PairSpec, type RuleExample, type RuleFile, type RuleSpec } from './schema.js';
import { VALIDATORS, hasValidator, type Validator } from './validators.js';
import { PROVIDERS, providerById } from '../providers/index.js';
import { dangerousConstruct } from './redos.js';
import { maxMatchLength } from './reach.js';

export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));

export interface CompiledRule {
  id: string;
  name: string;
  description: string;
  severity: Severity;
  file: string;
  /** Id of the provider its file names (`provider:`), whose plugin enriches, redacts and verifies its hits. */
  provider?: string;
  /**
   * A built-in rule (vetted): matched without a time budget. User rules (--rules) are matched
   * under one and never on the main thread of a scan (see engine/bounds.ts).
   */
  trusted: boolean;
  /** Keywords as written; matched in any case when ignoreCase, else exactly. */
  keywords: string[];
  /** The rule has flags: i — its keywords match in any case too. */
  ignoreCase: boolean;
  regex: RegExp;
  secretGroup: string | number;
  /** Where a match may lie around a keyword hit (rules/reach.ts): the window the rule runs in. */
  reach: { before: number; after: number };
  entropy?: number;
  allowRegexes: RegExp[];
  stopwords: string[];
  allowPaths: RegExp[];
  validators: Validator[];
  near?: { rule: string; window: number; regex: RegExp; secretGroup: string | number; validators: Validator[] };
  examples: RuleExample[];
  negativeExamples: string[];
}

export interface CompiledPair extends PairSpec {
  file: string;
  provider?: string;
  examples: RuleExample[];
  negativeExamples: string[];
}

export interface RuleSet {
  rules: CompiledRule[];
  pairs: CompiledPair[];
  files: string[];
  /** The user rule files (--rules) as parsed: handed to workers so they need not parse YAML. */
  parsed?: ParsedRuleFile[];
}

/** A rule file's parsed YAML document (plain data, structured-clonable). */
export interface ParsedRuleFile {
  file: string;
  doc: unknown;
}

export class RuleLoadError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid rules:\n  ${problems.join('\n  ')}`);
  }
}

const ID_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ALLOWED_FLAGS = /^[imsu]*$/;

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
}

/**
 * `parsed`: the user files already parsed (by the main thread): a worker compiles them
 * without reading or parsing YAML — cold, the YAML parser costs ~0.7 s per thread on 220
 * rules, more than scanning a 73 MB tree with them.
 */
export async function loadRules(opts: { extra?: string[]; builtin?: boolean; parsed?: ParsedRuleFile[] } = {}): Promise<RuleSet> {
  const builtin = opts.builtin === false ? [] : builtinSources();
  const extra: RuleSource[] = opts.parsed ?? ruleFilesIn(opts.extra ?? []).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
  const set = await compileRuleFiles([...builtin, ...extra]);
  return { ...set, parsed: extra.map((s) => ({ file: s.file, doc: s.doc ?? parsedDocs.get(s)! })) };
}

function builtinSources(): RuleSource[] {
  const files = ruleFilesIn([BUILTIN_RULES_DIR]);
  if (existsSync(BUILTIN_SNAPSHOT)) {
    const snapshotTime = statSync(BUILTIN_SNAPSHOT).mtimeMs;
    const snap = JSON.parse(readFileSync(BUILTIN_SNAPSHOT, 'utf8')) as { files: Array<{ name: string; doc: unknown }> };
    const names = files.map((f) => f.slice(BUILTIN_RULES_DIR.length));
    const fresh = files.every((f) => statSync(f).mtimeMs <= snapshotTime) && names.join('\0') === snap.files.map((f) => f.name).join('\0');
    if (fresh) return snap.files.map((f) => ({ file: join(BUILTIN_RULES_DIR, f.name), doc: f.doc, trusted: true }));
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
    const { file, text, doc: parsed, trusted = false } = source;
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
      if (!['provider', 'rules', 'pairs'].includes(key)) problems.push(`${file}: unknown top-level key '${key}'`);
    }
    const provider = providerOfFile(doc.provider, file, problems);
    for (const [i, raw] of (asArray(doc.rules, file, 'rules', problems) as RuleSpec[]).entries()) {
      const where = `${file}: rule ${typeof raw?.id === 'string' ? `'${raw.id}'` : `#${i + 1}`}`;
      const before = problems.length;
      const rule = compileRule(raw, file, trusted, where, problems);
      if (rule && problems.length === before) {
        if (seen.has(rule.id)) problems.push(`${where}: duplicate id (first defined in ${seen.get(rule.id)})`);
        else {
          seen.set(rule.id, file);
          if (provider) rule.provider = provider;
          rules.push(rule);
        }
      }
    }
    for (const [i, raw] of (asArray(doc.pairs, file, 'pairs', problems) as PairSpec[]).entries()) {
      const where = `${file}: pair ${typeof raw?.id === 'string' ? `'${raw.id}'` : `#${i + 1}`}`;
      const pair = compilePair(raw, file, where, problems);
      if (!pair) continue;
      if (seen.has(pair.id)) problems.push(`${where}: duplicate id (first defined in ${seen.get(pair.id)})`);
      else {
        seen.set(pair.id, file);
        if (provider) pair.provider = provider;
        pairs.push(pair);
      }
    }
  }
  // Cross-references are checked once every file is in.
  const ids = new Set(rules.map((r) => r.id));
  for (const r of rules) {
    if (r.near && !ids.has(r.near.rule)) problems.push(`${r.file}: rule '${r.id}': near.rule '${r.near.rule}' is not a rule`);
  }
  for (const p of pairs) {
    for (const ref of [p.keyRule, p.secretRule, p.tokenRule]) {
      if (ref !== undefined && !ids.has(ref)) problems.push(`${p.file}: pair '${p.id}': '${ref}' is not a rule`);
    }
  }
  if (problems.length) throw new RuleLoadError(problems);
  return { rules, pairs, files: sources.map((s) => s.file) };
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

function compileRule(raw: RuleSpec, file: string, trusted: boolean, where: string, problems: string[]): CompiledRule | undefined {
  if (!raw || typeof raw !== 'object') {
    problems.push(`${where}: must be a mapping`);
    return undefined;
  }
  const known = ['id', 'name', 'description', 'severity', 'keywords', 'pattern', 'flags', 'secretGroup', 'entropy', 'allow', 'validators', 'near', 'reach', 'examples', 'negativeExamples'];
  for (const k of Object.keys(raw)) if (!known.includes(k)) problems.push(`${where}: unknown field '${k}'`);
  checkCommon(raw, where, problems);
  const reach = compileReach(raw, where, problems);
  if (!Array.isArray(raw.keywords) || raw.keywords.length === 0 || raw.keywords.some((k) => typeof k !== 'string' || k.length < 3)) {
    problems.push(`${where}: 'keywords' must be a non-empty list of strings of 3+ characters (they drive the prefilter)`);
  } else {
    checkKeywords(raw.keywords, raw.pattern, raw.flags, where, problems);
  }
  if (raw.flags !== undefined && (typeof raw.flags !== 'string' || !ALLOWED_FLAGS.test(raw.flags))) {
    problems.push(`${where}: 'flags' may only contain i, m, s, u`);
  }
  const secretGroup = raw.secretGroup ?? 'secret';
  const regex = compilePattern(raw.pattern, raw.flags ?? '', secretGroup, `${where}: pattern`, problems);
  if (raw.entropy !== undefined && (typeof raw.entropy !== 'number' || raw.entropy < 0 || raw.entropy > 8)) {
    problems.push(`${where}: 'entropy' must be a number of bits per character between 0 and 8`);
  }
  const validators = compileValidators(raw.validators, where, problems);
  const allow = raw.allow ?? {};
  if (typeof allow !== 'object') problems.push(`${where}: 'allow' must be a mapping`);
  for (const k of Object.keys(allow)) if (!['regexes', 'stopwords', 'paths'].includes(k)) problems.push(`${where}: unknown field 'allow.${k}'`);
  const allowRegexes = (allow.regexes ?? []).map((p) => compilePattern(p, '', undefined, `${where}: allow.regexes`, problems));
  const allowPaths = (allow.paths ?? []).map((p) => compilePattern(p, '', undefined, `${where}: allow.paths`, problems));
  let near: CompiledRule['near'];
  if (raw.near !== undefined) near = compileNear(raw.near, where, problems);
  if (!regex || !reach) return undefined;
  return {
    id: raw.id,
    name: raw.name,
    description: raw.description,
    severity: raw.severity,
    file,
    trusted,
    keywords: [...new Set(raw.keywords.map(String))],
    ignoreCase: (raw.flags ?? '').includes('i'),
    regex,
    secretGroup,
    reach,
    entropy: raw.entropy,
    allowRegexes: allowRegexes.filter((r): r is RegExp => !!r),
    stopwords: (allow.stopwords ?? []).map((s) => String(s).toLowerCase()),
    allowPaths: allowPaths.filter((r): r is RegExp => !!r),
    validators,
    near,
    examples: normaliseExamples(raw.examples),
    negativeExamples: raw.negativeExamples ?? [],
  };
}

/**
 * Keywords are matched on raw bytes (so: printable ASCII) and with the rule's case. A
 * case-sensitive rule whose pattern spells a keyword in another case (a lower-case key-id prefix, as
 * gitleaks rule files write them) would never run: say so instead of missing every secret.
 */
function checkKeywords(keywords: string[], pattern: unknown, flags: unknown, where: string, problems: string[]): void {
  const literal = typeof pattern === 'string' ? pattern.replace(/\\(.)/g, '$1') : '';
  const ignoreCase = typeof flags === 'string' && flags.includes('i');
  for (const k of keywords) {
    if (!/^[\x20-\x7e]+$/.test(k)) {
      problems.push(`${where}: keyword '${k}' must be printable ASCII (keywords are matched on raw bytes)`);
    } else if (!ignoreCase && !literal.includes(k) && literal.toLowerCase().includes(k.toLowerCase())) {
      problems.push(`${where}: keyword '${k}' is matched exactly (the rule has no 'i' flag) but the pattern spells it in another case: write it as in the pattern, or add flags: i`);
    }
  }
}

/**
 * The declared reach, or the pattern's longest match both ways. A pattern that can match
 * without bound (.*, +, *, {n,}) needs a declared reach: run in windows it would otherwise
 * be cut short, run over whole texts it costs what made 213 rules 15x slower (issue #11).
 */
function compileReach(raw: RuleSpec, where: string, problems: string[]): CompiledRule['reach'] | undefined {
  const r = raw.reach as unknown;
  if (r !== undefined) {
    const ok = (n: unknown) => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 65536;
    const spec = r as { before?: unknown; after?: unknown };
    if (typeof r !== 'object' || r === null || !ok(spec.before) || !ok(spec.after) || Object.keys(r).some((k) => k !== 'before' && k !== 'after')) {
      problems.push(`${where}: 'reach' must be {before: N, after: M}, integers from 0 to 65536 (characters around the keyword a match may reach)`);
      return undefined;
    }
    return { before: spec.before as number, after: spec.after as number };
  }
  if (typeof raw.pattern !== 'string') return undefined;
  const len = maxMatchLength(raw.pattern, typeof raw.flags === 'string' ? raw.flags : '');
  if (len.max === Infinity) {
    problems.push(`${where}: pattern can match without bound (${len.unbounded}); give the repeat an upper bound ({n,m}), or declare how far a match reaches from its keyword: reach: {before: N, after: M}`);
    return undefined;
  }
  return { before: len.max, after: len.max };
}

function compileNear(raw: NearSpec, where: string, problems: string[]): CompiledRule['near'] {
  if (typeof raw !== 'object' || typeof raw.rule !== 'string') {
    problems.push(`${where}: 'near' needs 'rule', 'window' and 'pattern'`);
    return undefined;
  }
  if (!Number.isInteger(raw.window) || raw.window <= 0 || raw.window > 65536) problems.push(`${where}: 'near.window' must be an integer from 1 to 65536`);
  const regex = compilePattern(raw.pattern, '', 'secret', `${where}: near.pattern`, problems);
  const validators = compileValidators(raw.validators, `${where}: near`, problems);
  return regex ? { rule: raw.rule, window: raw.window, regex, secretGroup: 'secret', validators } : undefined;
}

function compilePair(raw: PairSpec, file: string, where: string, problems: string[]): CompiledPair | undefined {
  const before = problems.length;
  if (!raw || typeof raw !== 'object') {
    problems.push(`${where}: must be a mapping`);
    return undefined;
  }
  const known = ['id', 'name', 'description', 'severity', 'keyRule', 'secretRule', 'tokenRule', 'window', 'examples', 'negativeExamples'];
  for (const k of Object.keys(raw)) if (!known.includes(k)) problems.push(`${where}: unknown field '${k}'`);
  checkCommon(raw, where, problems);
  if (typeof raw.keyRule !== 'string' || typeof raw.secretRule !== 'string') problems.push(`${where}: 'keyRule' and 'secretRule' are required`);
  if (!Number.isInteger(raw.window) || raw.window <= 0) problems.push(`${where}: 'window' must be a positive integer`);
  if (problems.length > before) return undefined;
  return { ...raw, file, examples: normaliseExamples(raw.examples), negativeExamples: raw.negativeExamples ?? [] };
}

function checkCommon(raw: { id?: unknown; name?: unknown; description?: unknown; severity?: unknown; examples?: unknown; negativeExamples?: unknown }, where: string, problems: string[]): void {
  if (typeof raw.id !== 'string' || !ID_RE.test(raw.id)) problems.push(`${where}: 'id' must be stable kebab-case (a-z, 0-9, '-')`);
  if (typeof raw.name !== 'string' || !raw.name.trim()) problems.push(`${where}: 'name' is required`);
  if (typeof raw.description !== 'string' || !raw.description.trim()) problems.push(`${where}: 'description' is required`);
  if (!SEVERITIES.includes(raw.severity as Severity)) problems.push(`${where}: 'severity' must be one of ${SEVERITIES.join(', ')}`);
  const ex = raw.examples;
  if (!Array.isArray(ex) || ex.length === 0) problems.push(`${where}: at least one example is required (examples: [...])`);
  else if (ex.some((e) => typeof e !== 'string' && (typeof e !== 'object' || e === null || typeof (e as RuleExample).text !== 'string'))) {
    problems.push(`${where}: each example is a string or {text, secret}`);
  }
  const neg = raw.negativeExamples;
  if (neg !== undefined && (!Array.isArray(neg) || neg.some((e) => typeof e !== 'string'))) problems.push(`${where}: 'negativeExamples' must be a list of strings`);
}

function compileValidators(names: unknown, where: string, problems: string[]): Validator[] {
  if (names === undefined) return [];
  if (!Array.isArray(names)) {
    problems.push(`${where}: 'validators' must be a list`);
    return [];
  }
  const out: Validator[] = [];
  for (const n of names) {
    if (typeof n === 'string' && hasValidator(n)) out.push(VALIDATORS[n]);
    else problems.push(`${where}: unknown validator '${String(n)}' (known: ${Object.keys(VALIDATORS).join(', ')})`);
  }
  return out;
}

/** Compile with the engine's 'gd' flags; check the secret group exists. */
function compilePattern(pattern: unknown, flags: string, secretGroup: string | number | undefined, where: string, problems: string[]): RegExp | undefined {
  if (typeof pattern !== 'string' || !pattern) {
    problems.push(`${where}: must be a non-empty string`);
    return undefined;
  }
  let re: RegExp;
  try {
    re = new RegExp(pattern, 'gd' + flags.replace(/[gd]/g, ''));
  } catch (e) {
    problems.push(`${where}: invalid regex: ${(e as Error).message}`);
    return undefined;
  }
  const danger = dangerousConstruct(pattern);
  if (danger) {
    problems.push(`${where}: ${danger} can backtrack exponentially (catastrophic backtracking, ReDoS); rewrite it so each part of the input can be matched only one way, e.g. (a+)+ as a+`);
    return undefined;
  }
  if (secretGroup !== undefined) {
    // An alternation with the empty string always matches, exposing the group layout.
    const probe = new RegExp(`${pattern}|`, flags).exec('')!;
    const ok = typeof secretGroup === 'number'
      ? Number.isInteger(secretGroup) && secretGroup >= 1 && secretGroup < probe.length
      : probe.groups !== undefined && Object.hasOwn(probe.groups, secretGroup);
    if (!ok) problems.push(`${where}: has no secret group ${typeof secretGroup === 'number' ? `#${secretGroup}` : `(?<${secretGroup}>…)`}`);
  }
  if (new RegExp(`${pattern}|`, flags).exec('')![0] === '' && new RegExp(pattern, flags).test('')) {
    problems.push(`${where}: matches the empty string`);
  }
  return re;
}

function normaliseExamples(ex: unknown): RuleExample[] {
  if (!Array.isArray(ex)) return [];
  return ex.map((e) => (typeof e === 'string' ? { text: e } : (e as RuleExample)));
}
