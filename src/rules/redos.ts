// Load-time check for regexes that can backtrack catastrophically: a first line of defence
// only (a pattern that slips past is still stopped at run time, see engine/bounds.ts).
//
// Recognised: a group repeated without bound (*, +, {n,}, {n,m} with m > 10) that itself
// contains an unbounded repeat — (a+)+, (a*)*, (.*)*, (\w+\s?)+ — or alternatives that
// match the same text — (a|a)*. Either lets the engine split one run of input among the
// repeats in exponentially many ways before it gives up. Not recognised (caught at run time):
// overlapping but different alternatives such as (a|aa)+, and backreferences.

/** Repeats up to this many times are not "large" (a bounded nesting costs a polynomial). */
const LARGE_REPEAT = 10;

interface Frame {
  /** Index of the '(' in the pattern. */
  open: number;
  /** Some repeat inside this group is unbounded (or large). */
  unbounded: boolean;
  /** Source text of each alternative, as written. */
  alts: string[];
  altStart: number;
}

/** A description of the first dangerous construct in `pattern`, or undefined. */
export function dangerousConstruct(pattern: string): string | undefined {
  const root: Frame = { open: -1, unbounded: false, alts: [], altStart: 0 };
  const stack: Frame[] = [root];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    const top = stack[stack.length - 1]!;
    let atomEnd: number;
    let group: Frame | undefined;
    if (c === '\\') atomEnd = pattern.startsWith('u{', i + 1) ? pattern.indexOf('}', i) + 1 || pattern.length : i + 2;
    else if (c === '[') atomEnd = classEnd(pattern, i);
    else if (c === '(') {
      stack.push({ open: i, unbounded: false, alts: [], altStart: groupBodyStart(pattern, i) });
      i = groupBodyStart(pattern, i);
      continue;
    } else if (c === ')') {
      if (stack.length === 1) return undefined; // unbalanced: RegExp() reports it
      group = stack.pop()!;
      group.alts.push(pattern.slice(group.altStart, i));
      atomEnd = i + 1;
    } else if (c === '|') {
      top.alts.push(pattern.slice(top.altStart, i));
      top.altStart = i + 1;
      i++;
      continue;
    } else atomEnd = i + 1;

    const q = quantifier(pattern, atomEnd);
    const parent = stack[stack.length - 1]!;
    const repeats = q !== undefined && q.max > LARGE_REPEAT;
    if (group && repeats) {
      const shown = pattern.slice(group.open, q.end);
      if (group.unbounded) return `nested unbounded quantifiers in '${clip(shown)}'`;
      if (new Set(group.alts).size < group.alts.length) return `alternatives that match the same text under a repeat in '${clip(shown)}'`;
    }
    if (repeats || group?.unbounded) parent.unbounded = true;
    i = q?.end ?? atomEnd;
  }
  return undefined;
}

/** Where a group's body starts: after '(' and any '?:', '?=', '?!', '?<=', '?<!', '?<name>'. */
function groupBodyStart(p: string, open: number): number {
  if (p[open + 1] !== '?') return open + 1;
  if (p[open + 2] === '<' && p[open + 3] !== '=' && p[open + 3] !== '!') {
    const close = p.indexOf('>', open);
    return close < 0 ? p.length : close + 1;
  }
  return open + (p[open + 2] === '<' ? 4 : 3);
}

/** Index just past the ']' closing the class opened at `open` (reach.ts reads classes the same way). */
export function classEnd(p: string, open: number): number {
  let j = open + 1;
  if (p[j] === '^') j++;
  for (; j < p.length; j++) {
    if (p[j] === '\\') j++;
    else if (p[j] === ']') return j + 1;
  }
  return p.length;
}

/** The quantifier at `at`, if any: its maximum count and where it ends (lazy '?' included). */
function quantifier(p: string, at: number): { max: number; end: number } | undefined {
  const c = p[at];
  let max: number;
  let end: number;
  if (c === '*' || c === '+') [max, end] = [Infinity, at + 1];
  else if (c === '?') [max, end] = [1, at + 1];
  else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(at));
    if (!m) return undefined;
    max = m[2] === undefined ? Number(m[1]) : m[3] ? Number(m[3]) : Infinity;
    end = at + m[0].length;
  } else return undefined;
  if (p[end] === '?') end++;
  return { max, end };
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
