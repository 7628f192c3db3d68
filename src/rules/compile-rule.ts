// One rule or pair from a rule file: every field checked (each problem named with where it
// is: file and rule id), the regex compiled and bounded, the reach and keywords derived.
// Problems are collected, not thrown, so one load reports them all (see load.ts).
import { SEVERITIES, type NearSpec, type PairSpec, type RuleSpec } from './schema.js';
import { VALIDATORS, hasValidator, type Validator } from './validators.js';
import { dangerousConstruct } from './redos.js';
import { maxMatchLength } from './reach.js';
import { stepsPerChar } from './backtrack.js';
import { keywordTails } from './keyword-tail.js';
import type { KeywordTail } from '../engine/prefilter.js';
import type { CompiledPair, CompiledRule } from './load.js';
import type { RuleExample } from './schema.js';
import type { Severity } from '../types.js';

/**
 * What the build derived from a built-in rule's pattern (rules/snapshot.ts), so no thread of
 * a run derives it again: ~47 ms (tails, on each key's first hit) and ~8 ms (reach) of a
 * history scan's main thread, as much again in each worker.
 */
export interface Derived {
  /** Per keyword, its tail as rules/keyword-tail.ts derived it (null: none), in JSON. */
  tails?: Array<KeywordTail | null>;
  /** The reach rules/reach.ts derived (for a rule that declares none). */
  reach?: { before: number; after: number };
}

/** Stored tails in the engine's form; undefined (derive them) when absent or not one per keyword. */
function storedTails(stored: Array<KeywordTail | null> | undefined, keywords: number): Array<KeywordTail | undefined> | undefined {
  return stored?.length === keywords ? stored.map((t) => t ?? undefined) : undefined;
}

const ID_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ALLOWED_FLAGS = /^[imsu]*$/;

/**
 * `fromConfig`: a config's rule, whose examples may be an empty list (the config loader warns).
 * `checked`: the rule's patterns were already checked in this build or run (built-in rule
 * data from the build-time snapshot, or a worker's copy of what the main thread loaded), so
 * the regex probes are skipped: run cold in every thread they cost ~100 ms on the shipped rules.
 * What it holds the build derived from this same pattern (Derived).
 */
export function compileRule(raw: RuleSpec, file: string, trusted: boolean, where: string, problems: string[], fromConfig = false, checked?: Derived): CompiledRule | undefined {
  if (!raw || typeof raw !== 'object') {
    problems.push(`${where}: must be a mapping`);
    return undefined;
  }
  const known = ['id', 'name', 'description', 'severity', 'keywords', 'pattern', 'flags', 'secretGroup', 'entropy', 'allow', 'validators', 'near', 'reach', 'fallback', 'examples', 'negativeExamples'];
  for (const k of Object.keys(raw)) if (!known.includes(k)) problems.push(`${where}: unknown field '${k}'`);
  checkCommon(raw, where, problems, fromConfig);
  const reach = compileReach(raw, where, problems, checked?.reach);
  if (!Array.isArray(raw.keywords) || raw.keywords.length === 0 || raw.keywords.some((k) => typeof k !== 'string' || k.length < 3)) {
    problems.push(`${where}: 'keywords' must be a non-empty list of strings of 3+ characters (they drive the prefilter)`);
  } else {
    checkKeywords(raw.keywords, raw.pattern, raw.flags, where, problems);
  }
  if (raw.flags !== undefined && (typeof raw.flags !== 'string' || !ALLOWED_FLAGS.test(raw.flags))) {
    problems.push(`${where}: 'flags' may only contain i, m, s, u`);
  }
  const secretGroup = raw.secretGroup ?? 'secret';
  const probed = checked !== undefined;
  const regex = compilePattern(raw.pattern, raw.flags ?? '', secretGroup, `${where}: pattern`, problems, probed);
  if (raw.entropy !== undefined && (typeof raw.entropy !== 'number' || raw.entropy < 0 || raw.entropy > 8)) {
    problems.push(`${where}: 'entropy' must be a number of bits per character between 0 and 8`);
  }
  const validators = compileValidators(raw.validators, where, problems);
  const allow = raw.allow ?? {};
  if (typeof allow !== 'object') problems.push(`${where}: 'allow' must be a mapping`);
  for (const k of Object.keys(allow)) if (!['regexes', 'stopwords', 'paths'].includes(k)) problems.push(`${where}: unknown field 'allow.${k}'`);
  const allowRegexes = (allow.regexes ?? []).map((p) => compilePattern(p, '', undefined, `${where}: allow.regexes`, problems, probed));
  const allowPaths = (allow.paths ?? []).map((p) => compilePattern(p, '', undefined, `${where}: allow.paths`, problems, probed));
  if (raw.fallback !== undefined && typeof raw.fallback !== 'boolean') problems.push(`${where}: 'fallback' must be true or false`);
  let near: CompiledRule['near'];
  if (raw.near !== undefined) near = compileNear(raw.near, where, problems, probed);
  if (!regex || !reach) return undefined;
  const regexes = [regex, ...allowRegexes, ...allowPaths, near?.regex].filter((r): r is RegExp => !!r);
  let steps: number | undefined;
  const keywords = [...new Set(raw.keywords.map(String))];
  let tails = storedTails(checked?.tails, keywords.length);
  return {
    id: raw.id,
    name: raw.name,
    description: raw.description,
    severity: raw.severity,
    file,
    trusted,
    // On first use, not at load: every thread compiles the rules, most rules of a large set
    // never hit a text, and the analysis (~0.1 ms a rule cold) would delay the scan's start.
    get steps(): number {
      return (steps ??= trusted ? 0 : Math.max(...regexes.map((r) => stepsPerChar(r.source, r.flags))));
    },
    keywords,
    ignoreCase: (raw.flags ?? '').includes('i'),
    // On first use too: the engine asks for a keyword's tail on its first hit.
    get keywordTails(): Array<KeywordTail | undefined> {
      return (tails ??= keywordTails(regex.source, regex.flags, keywords));
    },
    regex,
    secretGroup,
    reach,
    entropy: raw.entropy,
    allowRegexes: allowRegexes.filter((r): r is RegExp => !!r),
    stopwords: (allow.stopwords ?? []).map((s) => String(s).toLowerCase()),
    allowPaths: allowPaths.filter((r): r is RegExp => !!r),
    validators,
    validatorNames: Array.isArray(raw.validators) ? raw.validators.map(String) : [],
    near,
    fallback: raw.fallback === true,
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
function compileReach(raw: RuleSpec, where: string, problems: string[], derived: CompiledRule['reach'] | undefined): CompiledRule['reach'] | undefined {
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
  if (derived && Number.isInteger(derived.before) && Number.isInteger(derived.after)) return { before: derived.before, after: derived.after };
  const len = maxMatchLength(raw.pattern, typeof raw.flags === 'string' ? raw.flags : '');
  if (len.max === Infinity) {
    problems.push(`${where}: pattern can match without bound (${len.unbounded}); give the repeat an upper bound ({n,m}), or declare how far a match reaches from its keyword: reach: {before: N, after: M}`);
    return undefined;
  }
  return { before: len.max, after: len.max };
}

function compileNear(raw: NearSpec, where: string, problems: string[], checked: boolean): CompiledRule['near'] {
  if (typeof raw !== 'object' || typeof raw.rule !== 'string') {
    problems.push(`${where}: 'near' needs 'rule', 'window' and 'pattern'`);
    return undefined;
  }
  if (!Number.isInteger(raw.window) || raw.window <= 0 || raw.window > 65536) problems.push(`${where}: 'near.window' must be an integer from 1 to 65536`);
  const regex = compilePattern(raw.pattern, '', 'secret', `${where}: near.pattern`, problems, checked);
  const validators = compileValidators(raw.validators, `${where}: near`, problems);
  return regex ? { rule: raw.rule, window: raw.window, regex, secretGroup: 'secret', validators } : undefined;
}

export function compilePair(raw: PairSpec, file: string, where: string, problems: string[], fromConfig = false): CompiledPair | undefined {
  const before = problems.length;
  if (!raw || typeof raw !== 'object') {
    problems.push(`${where}: must be a mapping`);
    return undefined;
  }
  const known = ['id', 'name', 'description', 'severity', 'keyRule', 'secretRule', 'tokenRule', 'window', 'examples', 'negativeExamples'];
  for (const k of Object.keys(raw)) if (!known.includes(k)) problems.push(`${where}: unknown field '${k}'`);
  checkCommon(raw, where, problems, fromConfig);
  if (typeof raw.keyRule !== 'string' || typeof raw.secretRule !== 'string') problems.push(`${where}: 'keyRule' and 'secretRule' are required`);
  if (!Number.isInteger(raw.window) || raw.window <= 0) problems.push(`${where}: 'window' must be a positive integer`);
  if (problems.length > before) return undefined;
  return { ...raw, file, examples: normaliseExamples(raw.examples), negativeExamples: raw.negativeExamples ?? [] };
}

function checkCommon(raw: { id?: unknown; name?: unknown; description?: unknown; severity?: unknown; examples?: unknown; negativeExamples?: unknown }, where: string, problems: string[], emptyExamples = false): void {
  if (typeof raw.id !== 'string' || !ID_RE.test(raw.id)) problems.push(`${where}: 'id' must be stable kebab-case (a-z, 0-9, '-')`);
  if (typeof raw.name !== 'string' || !raw.name.trim()) problems.push(`${where}: 'name' is required`);
  if (typeof raw.description !== 'string' || !raw.description.trim()) problems.push(`${where}: 'description' is required`);
  if (!SEVERITIES.includes(raw.severity as Severity)) problems.push(`${where}: 'severity' must be one of ${SEVERITIES.join(', ')}`);
  const ex = raw.examples;
  if (!Array.isArray(ex) || (ex.length === 0 && !emptyExamples)) problems.push(`${where}: at least one example is required (examples: [...])`);
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
function compilePattern(pattern: unknown, flags: string, secretGroup: string | number | undefined, where: string, problems: string[], checked = false): RegExp | undefined {
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
  if (checked) return re;
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
  // The compiled regex itself, not a copy: each copy is one more irregexp compilation, and
  // every thread compiles every rule before it matches anything (start-up).
  re.lastIndex = 0;
  const empty = re.test('');
  re.lastIndex = 0;
  if (empty) problems.push(`${where}: matches the empty string`);
  return re;
}

function normaliseExamples(ex: unknown): RuleExample[] {
  if (!Array.isArray(ex)) return [];
  return ex.map((e) => (typeof e === 'string' ? { text: e } : (e as RuleExample)));
}
