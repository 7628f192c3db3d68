// An upper bound on the work of one regex attempt: how many steps (a character tested, a
// choice undone) a backtracking matcher such as V8's can take from one start position before
// it matches or gives up. Finite only for patterns without unbounded repeats or
// backreferences. The engine runs a user rule whose bound is small without the time budget's
// watchdog (engine/rule-guard.ts): its worst case over any text is bounded well below the
// budget, so the watchdog (~75 µs a call) could never fire for it.
//
// The bound, over the pattern read right to left (`rest` = what follows an item):
// - a repeat X{n,m} of one character class: m steps to consume, then m-n+1 places for the
//   rest to start — but when X cannot share a character with the rest's first one, every
//   place but one fails at its first character (`[ \t]{0,4}[:=]`): then it adds, not multiplies;
// - a group repeated k times: its alternatives' bound to the power k (Σ over n..m);
// - an alternation: the sum of its alternatives, each followed by the rest;
// - a lookaround: atomic in JavaScript (never re-entered on backtracking), so it adds.
// Anything not understood counts as unbounded (the rule keeps the watchdog).
import { ALL, disjoint, parsePattern, union, type CharSet, type Item } from './regex-ast.js';

/** Steps past this count as unbounded (and keep arithmetic finite). */
const CAP = 1e9;

/** Analysis calls per pattern: a pattern with many optional groups in a row is not worth it. */
const WORK = 2_000;
let work = 0;

class TooComplex extends Error {}

interface Rest {
  /** Bound on the steps of the rest of the pattern from one position. */
  cost: number;
  /** Characters the rest can start with (when it must consume one). */
  first: CharSet;
  /** The rest can match the empty string. */
  nullable: boolean;
}

const NONE: CharSet = { ascii: [0, 0, 0, 0], high: false };
const END: Rest = { cost: 1, first: NONE, nullable: true };

/**
 * Steps per character of text, amortised: from one start position the pattern takes at most
 * `perStart` steps, but past its leading literal only where that literal occurs, and two
 * occurrences of it lie at least its period apart (`password`: 8; `aaa`: 1). Infinity when
 * the pattern can run unbounded or is not understood.
 */
export function stepsPerChar(pattern: string, flags = ''): number {
  const ast = parsePattern(pattern, flags);
  if (!ast) return Infinity;
  work = 0;
  try {
    const alts = ast.map(flatten);
    const perStart = alternation(alts, END);
    if (perStart >= CAP) return Infinity;
    if (alts.length !== 1) return perStart;
    const items = alts[0]!;
    let lead = 0;
    let i = 0;
    for (; i < items.length && (items[i]!.node.kind === 'look' || items[i]!.node.kind === 'anchor'); i++) {
      const node = items[i]!.node;
      lead += node.kind === 'look' ? alternation(node.alts, END) : 1;
    }
    const literal: CharSet[] = [];
    for (; i < items.length; i++) {
      const { node, min, max } = items[i]!;
      if (node.kind !== 'char' || min !== 1 || max !== 1) break;
      literal.push(node.set);
    }
    if (literal.length === 0) return perStart;
    return Math.min(perStart, lead + literal.length + Math.ceil(perStart / period(literal)));
  } catch (e) {
    if (e instanceof TooComplex) return Infinity;
    throw e;
  }
}

/** The least shift at which a literal (one set per character) can overlap itself. */
function period(literal: CharSet[]): number {
  for (let d = 1; d < literal.length; d++) {
    let overlaps = true;
    for (let j = 0; j + d < literal.length && overlaps; j++) overlaps = !disjoint(literal[j]!, literal[j + d]!);
    if (overlaps) return d;
  }
  return literal.length;
}

function alternation(alts: Item[][], rest: Rest): number {
  let sum = 0;
  for (const items of alts) sum = add(sum, sequence(items, 0, rest));
  return sum;
}

function sequence(items: Item[], i: number, end: Rest): number {
  if (++work > WORK) throw new TooComplex();
  if (i === items.length) return end.cost;
  const { node, min, max } = items[i]!;
  if (node.kind === 'backref' || max === Infinity) return Infinity;
  const rest = sequence(items, i + 1, end);
  if (node.kind === 'anchor') return add(1, rest);
  if (node.kind === 'look') return add(alternation(node.alts, END), rest);
  const ways = max - min + 1;
  if (node.kind === 'char') {
    const after = firstOfRest(items, i + 1, end);
    if (!after.nullable && disjoint(node.set, after.first)) return add(add(max, mul(ways, headFail(items, i + 1, rest))), rest);
    return add(max, mul(ways, rest));
  }
  // A group once: each alternative followed by the rest; optional: also the rest alone.
  if (max === 1) {
    const tail = items.slice(i + 1);
    const once = node.alts.reduce((s, alt) => add(s, sequence([...alt, ...tail], 0, end)), 0);
    return min === 0 ? add(once, rest) : once;
  }
  const body = alternation(node.alts, END);
  let paths = 0;
  for (let k = min; k <= max && paths < CAP; k++) paths = add(paths, pow(body, k));
  return mul(paths, rest);
}

/** Steps to see that the rest fails at a character it cannot start with. */
function headFail(items: Item[], i: number, rest: number): number {
  let steps = 0;
  for (let j = i; j < items.length; j++) {
    const { node, min } = items[j]!;
    if (node.kind !== 'char') return rest;
    steps++;
    if (min > 0) return steps;
  }
  return rest;
}

/** What items[i..] followed by `end` can start with, and whether it can match empty. */
function firstOfRest(items: Item[], i: number, end: Rest): { first: CharSet; nullable: boolean } {
  let first: CharSet = NONE;
  for (let j = i; j < items.length; j++) {
    if (++work > WORK) throw new TooComplex();
    const f = firstOf(items[j]!);
    first = union(first, f.first);
    if (!f.nullable) return { first, nullable: false };
  }
  return { first: union(first, end.first), nullable: end.nullable };
}

function firstOf(item: Item): { first: CharSet; nullable: boolean } {
  const { node, min } = item;
  if (node.kind === 'char') return { first: node.set, nullable: min === 0 };
  if (node.kind === 'anchor' || node.kind === 'look') return { first: NONE, nullable: true };
  if (node.kind === 'backref') return { first: ALL, nullable: true };
  let first = NONE;
  let nullable = false;
  for (const alt of node.alts) {
    const r = firstOfRest(alt, 0, END);
    first = union(first, r.first);
    nullable ||= r.nullable;
  }
  return { first, nullable: nullable || min === 0 };
}

/** A group matched once with one alternative (a named secret group) is its items, in line. */
function flatten(items: Item[]): Item[] {
  return items.flatMap((it): Item[] => {
    const { node } = it;
    if (node.kind !== 'group' && node.kind !== 'look') return [it];
    const alts = node.alts.map(flatten);
    if (node.kind === 'group' && alts.length === 1 && it.min === 1 && it.max === 1) return alts[0]!;
    return [{ ...it, node: { ...node, alts } }];
  });
}

function add(a: number, b: number): number {
  return Math.min(CAP, a + b);
}

function mul(a: number, b: number): number {
  return Math.min(CAP, a * b);
}

function pow(a: number, k: number): number {
  return Math.min(CAP, a ** k);
}
