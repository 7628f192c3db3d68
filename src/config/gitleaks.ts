// A gitleaks config (.gitleaks.toml) read as a keyhound config: rules (id, regex, secretGroup,
// entropy, keywords; per-rule allowlists), [extend] useDefault / disabledRules, the global
// [allowlist] and [[allowlists]] (paths, regexes, regexTarget, stopwords, commits,
// targetRules). What does not map gets a warning at its line; nothing is dropped silently.
// Facts: gitleaks' documented config format (README "Configuration", config/gitleaks.toml).
import { parse } from 'smol-toml';
import type { RuleSpec } from '../rules/schema.js';
import { maxMatchLength } from '../rules/reach.js';
import type { AllowlistSpec, ConfigFile } from './types.js';
import { goRegexToJs } from './go-regex.js';
import { ConfigError } from './error.js';
import type { ParsedYaml } from './validate.js';

/** How far around a keyword an unbounded gitleaks pattern may match (keyhound needs a bound). */
export const GITLEAKS_REACH = 4096;

interface GlAllowlist {
  description?: string; condition?: string; commits?: string[]; paths?: string[]; regexTarget?: string;
  regexes?: string[]; stopwords?: string[]; targetRules?: string[];
}
interface GlRule {
  id?: string; description?: string; regex?: string; secretGroup?: number; entropy?: number; keywords?: string[];
  path?: string; tags?: string[]; allowlist?: GlAllowlist; allowlists?: GlAllowlist[]; skipReport?: boolean; required?: unknown;
}
interface GlConfig {
  title?: string; description?: string; minVersion?: string;
  extend?: { useDefault?: boolean; path?: string; url?: string; disabledRules?: string[] };
  rules?: GlRule[]; allowlist?: GlAllowlist; allowlists?: GlAllowlist[];
}

export interface FromGitleaks {
  parsed: ParsedYaml;
  warnings: string[];
}

/** `knownIds`: the ids keyhound has besides the config's own (disabledRules naming others are dropped). */
export function fromGitleaks(file: string, text: string, knownIds: ReadonlySet<string> = new Set()): FromGitleaks {
  let gl: GlConfig;
  try {
    gl = parse(text) as GlConfig;
  } catch (e) {
    const err = e as Error & { line?: number };
    throw new ConfigError([`${file}:${err.line ?? 1}: TOML error: ${err.message.split('\n')[0]}`]);
  }
  const lines = tableLines(text);
  const warnings: string[] = [];
  const warn = (line: number, msg: string) => warnings.push(`${file}:${line}: ${msg}`);
  const at = new Map<string, number>();
  const out: ConfigFile = {};
  const rules: RuleSpec[] = [];
  const allowlists: AllowlistSpec[] = [];

  const useDefault = gl.extend?.useDefault === true;
  out.builtinRules = useDefault;
  if (useDefault) warn(lines.extend, `[extend] useDefault: keyhound's built-in rules stand in for gitleaks' default rules (their ids differ)`);
  if (gl.extend?.path || gl.extend?.url) warn(lines.extend, `[extend] path/url (extending another config) is not supported: merge that file in by hand`);

  (gl.rules ?? []).forEach((r, i) => {
    const line = lines.rules[i] ?? 1;
    const rule = translateRule(r, (msg) => warn(line, `rule '${r.id ?? i + 1}': ${msg}`));
    if (rule) {
      at.set(`rules/${rules.length}`, line);
      rules.push(rule);
    }
    const own = [...(r.allowlist ? [r.allowlist] : []), ...(r.allowlists ?? [])];
    own.forEach((a, j) => {
      const aLine = lines.ruleAllowlists[i]?.[j] ?? line;
      const spec = translateAllowlist(a, (msg) => warn(aLine, `rule '${r.id}' allowlist: ${msg}`));
      if (spec && rule) {
        at.set(`allowlists/${allowlists.length}`, aLine);
        allowlists.push({ ...spec, rules: [rule.id] });
      }
    });
  });
  const global = [...(gl.allowlist ? [gl.allowlist] : []), ...(gl.allowlists ?? [])];
  global.forEach((a, j) => {
    const aLine = lines.allowlists[j] ?? 1;
    const spec = translateAllowlist(a, (msg) => warn(aLine, `allowlist: ${msg}`));
    if (!spec) return;
    at.set(`allowlists/${allowlists.length}`, aLine);
    allowlists.push(spec);
  });

  const ids = new Set([...knownIds, ...rules.map((r) => r.id)]);
  const disabled = (gl.extend?.disabledRules ?? []).filter((id) => {
    if (ids.has(id)) return true;
    warn(lines.extend, `disabledRules: keyhound has no rule '${id}' (gitleaks' default rule ids differ): left out`);
    return false;
  });
  if (disabled.length) out.disabledRules = disabled;
  if (rules.length) out.rules = rules;
  if (allowlists.length) out.allowlists = allowlists;
  return { parsed: { file, data: out, lineOf: (path) => lineFor(at, path) }, warnings };
}

/** The recorded line of `path` or of its nearest recorded parent. */
function lineFor(at: Map<string, number>, path: ReadonlyArray<string | number>): number {
  for (let n = path.length; n > 0; n--) {
    const l = at.get(path.slice(0, n).join('/'));
    if (l !== undefined) return l;
  }
  return 1;
}

function translateRule(r: GlRule, warn: (msg: string) => void): RuleSpec | undefined {
  if (typeof r.id !== 'string' || !r.id) return warn('no id: left out'), undefined;
  const id = r.id.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (id !== r.id) warn(`id written as '${id}' (keyhound ids are kebab-case)`);
  if (r.regex === undefined) return warn(`a rule without a regex (path only) has no keyhound equivalent: left out`), undefined;
  if (r.path !== undefined) warn(`path: keyhound rules have no path condition: the rule runs on every file`);
  if (r.required !== undefined) warn(`required (composite rules) is not supported: the rule reports on its own`);
  if (r.skipReport) warn(`skipReport is not supported: the rule reports`);
  const t = goRegexToJs(r.regex);
  for (const w of t.warnings) warn(`regex: ${w}`);
  if (t.pattern === undefined) return warn('left out'), undefined;
  const { pattern, secretGroup } = secretOf(t.pattern, r.secretGroup, warn);
  const keywords = keywordsOf(r.keywords ?? [], pattern, t.flags, warn);
  if (!keywords.length) return warn(`no keyword of 3+ characters: keyhound runs a rule only where one of its keywords occurs; add keywords: left out`), undefined;
  const rule: RuleSpec = {
    id,
    name: r.description ?? id,
    description: r.description ?? `gitleaks rule ${id}`,
    severity: 'high',
    keywords,
    pattern,
    ...(t.flags ? { flags: t.flags } : {}),
    ...(secretGroup !== undefined ? { secretGroup } : {}),
    ...(typeof r.entropy === 'number' ? { entropy: r.entropy } : {}),
    examples: [],
  };
  if (maxMatchLength(pattern, t.flags).max === Infinity) {
    rule.reach = { before: GITLEAKS_REACH, after: GITLEAKS_REACH };
    warn(`regex can match without bound: keyhound finds its matches within ${GITLEAKS_REACH} characters of a keyword`);
  }
  return rule;
}

/** gitleaks' secret: group `secretGroup`, else the first capture group, else the whole match. */
function secretOf(pattern: string, group: number | undefined, warn: (msg: string) => void): { pattern: string; secretGroup?: number } {
  const groups = new RegExp(`${pattern}|`).exec('')!.length - 1;
  if (group !== undefined && group > 0) return { pattern, secretGroup: group };
  if (groups === 0) return { pattern: `(?<secret>${pattern})` };
  if (groups > 1) warn(`secretGroup unset with ${groups} capture groups: keyhound takes group 1 (gitleaks the first that matched)`);
  return { pattern, secretGroup: 1 };
}

/**
 * gitleaks matches keywords in any case; keyhound as written unless the rule ignores case.
 * A keyword the case-sensitive pattern spells otherwise is written as the pattern spells it.
 */
function keywordsOf(keywords: string[], pattern: string, flags: string, warn: (msg: string) => void): string[] {
  const literal = pattern.replace(/\\(.)/g, '$1');
  const out = new Set<string>();
  for (const k of keywords) {
    if (k.length < 3) {
      warn(`keyword '${k}' is shorter than 3 characters: left out`);
      continue;
    }
    const at = flags.includes('i') ? -1 : literal.toLowerCase().indexOf(k.toLowerCase());
    out.add(at >= 0 ? literal.slice(at, at + k.length) : k);
  }
  return [...out];
}

function translateAllowlist(a: GlAllowlist, warn: (msg: string) => void): AllowlistSpec | undefined {
  const kinds = ['commits', 'paths', 'regexes', 'stopwords'].filter((k) => (a[k as keyof GlAllowlist] as unknown[] | undefined)?.length);
  if (a.condition?.toUpperCase() === 'AND' && kinds.length > 1) {
    // Entries match when ANY condition holds: taking AND as OR would hide more than asked.
    warn(`condition = "AND" (every condition must hold) has no keyhound equivalent: left out, so it hides nothing`);
    return undefined;
  }
  const spec: AllowlistSpec = {};
  if (a.description) spec.description = a.description;
  if (a.targetRules?.length) spec.rules = a.targetRules;
  const regexes = (list: string[] | undefined, key: string) =>
    (list ?? []).flatMap((re) => {
      const t = goRegexToJs(re);
      for (const w of t.warnings) warn(`${key}: ${w}`);
      // keyhound's allowlist regexes take gitleaks' leading (?flags) as their flags.
      return t.pattern === undefined ? [] : [t.flags ? `(?${t.flags})${t.pattern}` : t.pattern];
    });
  const paths = regexes(a.paths, 'paths');
  if (paths.length) spec.pathRegexes = paths;
  const res = regexes(a.regexes, 'regexes');
  if (res.length) spec.regexes = res;
  if (a.regexTarget && a.regexTarget !== 'secret') {
    if (a.regexTarget === 'match' || a.regexTarget === 'line') spec.regexTarget = a.regexTarget;
    else warn(`regexTarget '${a.regexTarget}' is not one of secret, match, line: secret used`);
  }
  if (a.stopwords?.length) spec.stopwords = a.stopwords;
  const commits = (a.commits ?? []).filter((c) => /^[0-9a-fA-F]{7,64}$/.test(c) || (warn(`commit '${c}' is not a commit id: left out`), false));
  if (commits.length) spec.commits = commits;
  return spec;
}

/** 1-based lines of the tables, in document order (smol-toml keeps no positions). */
function tableLines(text: string) {
  const out = { extend: 1, rules: [] as number[], ruleAllowlists: [] as number[][], allowlists: [] as number[] };
  text.split(/\r?\n/).forEach((l, i) => {
    const head = /^\s*(\[\[?)\s*([A-Za-z.]+)\s*\]\]?/.exec(l)?.[2];
    if (head === 'extend') out.extend = i + 1;
    else if (head === 'rules') out.rules.push(i + 1), out.ruleAllowlists.push([]);
    else if (head === 'rules.allowlist' || head === 'rules.allowlists') out.ruleAllowlists[out.ruleAllowlists.length - 1]?.push(i + 1);
    else if (head === 'allowlist' || head === 'allowlists') out.allowlists.push(i + 1);
  });
  return out;
}
