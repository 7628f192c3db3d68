// What must follow a keyword where a rule's match holds it (engine/prefilter.ts KeywordTail):
// read off the pattern, so the keyword pass can drop hits that no match can start from (a
// four-letter prefix that is also a source map's VLQ segment, a `*_config_…` variable name,
// `key-value`), and a file whose only hits are such leaves decoding and the rules alone.
//
// Derived, never declared, so it cannot be wrong for a rule: the pattern is expanded into
// its paths (a group matched at most once is one path per alternative, and one without it), the
// keyword is looked for as a run of single characters in each, and what follows it is summed
// up to the first construct not understood. A path that holds no keyword as such a run (a
// class spells it) means no tail for any keyword of the rule.
import type { KeywordTail } from '../engine/prefilter.js';
import { mergeTails } from '../engine/tails.js';
import { parsePattern, union, type CharSet, type Item } from './regex-ast.js';

/** Paths a pattern is expanded into, at most: past it, no tails (the rule keeps every hit). */
const MAX_PATHS = 64;
/** Characters of a tail that are worth checking; more make the check longer, not sharper. */
const MAX_TAIL = 64;

/**
 * Per keyword of the rule (same order), what follows it in every match that holds it as
 * written in the pattern, or undefined when nothing useful can be said (any hit counts).
 */
export function keywordTails(pattern: string, flags: string, keywords: readonly string[]): Array<KeywordTail | undefined> {
  const none = keywords.map(() => undefined);
  const alts = parsePattern(pattern, flags);
  const paths = alts && expand(alts);
  if (!paths) return none;
  const ignoreCase = flags.includes('i');
  const perPath = paths.map((p) => keywords.map((k) => tailIn(p, k, ignoreCase)));
  // A path without any keyword spelled out may hold one where a class spells it: unknown tail.
  if (perPath.some((tails) => tails.every((t) => t === undefined))) return none;
  return keywords.map((_, i) => {
    let merged: KeywordTail | undefined;
    for (const tails of perPath) {
      const t = tails[i];
      if (t === null) return undefined;
      if (t !== undefined) merged = merged ? mergeTails(merged, t) : t;
    }
    return merged && merged.min > 0 ? merged : undefined;
  });
}

/** The pattern's paths as flat item lists; undefined past MAX_PATHS. */
function expand(alts: Item[][]): Item[][] | undefined {
  let out: Item[][] = [];
  for (const alt of alts) {
    let paths: Item[][] = [[]];
    for (const item of alt) {
      // a group matched once is its alternatives; an optional one, those or nothing
      const group = item.node.kind === 'group' && item.max === 1 ? item.node : undefined;
      const once = group ? expand(group.alts) : [[item]];
      if (!once) return undefined;
      const inner = group && item.min === 0 ? [[], ...once] : once;
      paths = paths.flatMap((p) => inner.map((q) => [...p, ...q]));
      if (paths.length > MAX_PATHS) return undefined;
    }
    out = out.concat(paths);
    if (out.length > MAX_PATHS) return undefined;
  }
  return out;
}

/**
 * The tail after `keyword` in one path: undefined when the path does not spell it; null when
 * it does but nothing can be said after it (the keyword ends the path, or what follows is
 * optional or not understood). Of several places, the one that says most.
 */
function tailIn(path: Item[], keyword: string, ignoreCase: boolean): KeywordTail | null | undefined {
  let best: KeywordTail | null | undefined;
  for (let s = 0; s + keyword.length <= path.length; s++) {
    if (!spells(path, s, keyword, ignoreCase)) continue;
    const t = after(path, s + keyword.length);
    if (best === undefined || (t && (!best || t.min > best.min))) best = t;
  }
  return best;
}

function spells(path: Item[], s: number, keyword: string, ignoreCase: boolean): boolean {
  for (let j = 0; j < keyword.length; j++) {
    const { node, min, max } = path[s + j]!;
    if (node.kind !== 'char' || min !== 1 || max !== 1 || !onlyChar(node.set, keyword.charCodeAt(j), ignoreCase)) return false;
  }
  return true;
}

/** Whether the set holds nothing but `c` (and, matched in any case, its other case). */
function onlyChar(set: CharSet, c: number, ignoreCase: boolean): boolean {
  if (set.high || !((set.ascii[c >> 5]! >>> (c & 31)) & 1)) return false;
  const folded = c >= 0x41 && c <= 0x5a ? c + 32 : c >= 0x61 && c <= 0x7a ? c - 32 : c;
  const other = ignoreCase ? folded : c;
  return set.ascii.every((w, i) => (w & ~(i === c >> 5 ? 1 << (c & 31) : 0) & ~(i === other >> 5 ? 1 << (other & 31) : 0)) === 0);
}

/**
 * From item `i` on: every character a match consumes next is in the union of the sets read,
 * and at least the sum of their minimum counts follow. Zero-width items consume nothing;
 * a group, a backreference or a set holding characters above 0x7F (a negated class, `.`,
 * `\S`) ends what can be said.
 */
function after(path: Item[], i: number): KeywordTail | null {
  let set: CharSet = { ascii: [0, 0, 0, 0], high: false };
  let min = 0;
  for (; i < path.length && min < MAX_TAIL; i++) {
    const { node, min: n } = path[i]!;
    if (node.kind === 'look' || node.kind === 'anchor') continue;
    // a set with characters above 0x7F says nothing the bytes can check (KeywordTail)
    if (node.kind !== 'char' || node.set.high) break;
    set = union(set, node.set);
    min += n;
  }
  return min > 0 ? { ascii: set.ascii, min: Math.min(min, MAX_TAIL) } : null;
}
