// Per-rule allow data, and the marks config allowlist entries put on hits (inline markers are
// src/suppress/inline.ts: they mark, not drop).
import type { CompiledRule } from '../rules/load.js';
import type { Hit, Suppression } from '../types.js';
import { appliesTo, suppression, type CompiledAllowlist } from '../config/allowlist.js';
import type { LineIndex } from './location.js';

/** True when the rule's own allowlist (stopwords, regexes) excuses this secret. */
export function ruleAllows(rule: CompiledRule, secret: string): boolean {
  if (rule.stopwords.length) {
    const lower = secret.toLowerCase();
    if (rule.stopwords.some((w) => lower.includes(w))) return true;
  }
  return rule.allowRegexes.some((re) => {
    re.lastIndex = 0;
    return re.test(secret);
  });
}

export function pathAllowed(rule: CompiledRule, path: string | undefined): boolean {
  return path !== undefined && rule.allowPaths.some((re) => {
    re.lastIndex = 0;
    return re.test(path);
  });
}

/**
 * Config allowlist entries whose content conditions (regexes on the secret, the match or the
 * line; stopwords) hold for a hit: marked on it, not dropped (src/suppress/ decides). A pair
 * is tested on its value and on each part's secret. Paths and commits are the join's
 * (runtime/place-allow.ts): one text can sit at many places.
 */
export function allowlistMarks(lists: readonly CompiledAllowlist[], hit: Pick<Hit, 'ruleId' | 'secret' | 'match' | 'parts'>, lineText: () => string): Suppression[] | undefined {
  let out: Suppression[] | undefined;
  const ids = [hit.ruleId, ...(hit.parts ?? []).map((p) => p.ruleId)];
  const secrets = [hit.secret, ...(hit.parts ?? []).map((p) => p.secret)];
  for (const a of lists) {
    if (!appliesTo(a, ids)) continue;
    const words = a.stopwords.length > 0 && secrets.some((s) => a.stopwords.some((w) => s.toLowerCase().includes(w)));
    if (words || (a.regexes.length > 0 && regexHolds(a, a.target === 'line' ? [lineText()] : a.target === 'match' ? [hit.match] : secrets))) {
      (out ??= []).push(suppression(a));
    }
  }
  return out;
}

function regexHolds(a: CompiledAllowlist, subjects: string[]): boolean {
  return a.regexes.some((re) => subjects.some((s) => re.test(s)));
}

/** A line's text as an allowlist regex sees it: a minified line is cut to the hit's surroundings. */
export function lineAround(line: string, column: number, reach = LINE_REACH): string {
  if (line.length <= 2 * reach) return line;
  const at = Math.max(0, column - 1 - reach);
  return line.slice(at, at + 2 * reach);
}

const LINE_REACH = 4096;

/** Mark `hit` (its parts starting at `starts`) with the config allowlist entries that hold for it. */
export function markAllowlisted(lists: readonly CompiledAllowlist[] | undefined, hit: Hit, starts: number[], lines: LineIndex): void {
  if (!lists?.length) return;
  // The line of each part (a pair's key id and secret may sit on two lines).
  const lineText = () => {
    const byLine = new Map<number, string>();
    for (const at of starts) {
      const l = lines.lineOf(at);
      if (!byLine.has(l)) byLine.set(l, lineAround(lines.lineText(at), lines.position(at).column));
    }
    return [...byLine.values()].join('\n');
  };
  const marks = allowlistMarks(lists, hit, lineText);
  if (marks) hit.suppressed = [...(hit.suppressed ?? []), ...marks];
}
