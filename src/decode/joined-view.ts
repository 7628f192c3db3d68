// The "joined-literals" view of a text: only the places where adjacent string literals are
// concatenated (decode/joined-literals.ts), each with its lines and a little context around
// (so a secret on the next line still pairs with a key id split above it), the expression
// replaced by one literal of the joined text. Offsets map back to the source characters, so a
// hit is reported where the pieces of the key are written.
import type { Provenance, TextChunk, ViewOrigin } from '../types.js';
import { type Joined, joinAt, quoteAt } from './joined-literals.js';
import { KEY_RUN, keyCharsAfter, keyCharsBefore } from './key-run.js';
import { SeamStarts } from './seam-starts.js';

export const JOINED_ENCODING = 'joined-literals';
/** Bounds: expressions per text, context characters kept on each side of one. */
export const MAX_EXPRESSIONS = 64;
const CONTEXT = 512;
const CONTEXT_LINES = 2;
// A join matters only if it makes a run of KEY_RUN key characters across a literal boundary.

// A closing quote, then a joiner (`+`, blanks, comments, continuations), then an opening
// quote; a shell "$A$B"; a template literal holding a literal `${"…"}`. Only the first kind
// is common in code; a cheap look at its neighbours (seamMayJoinToken) settles most of them.
const GAP = String.raw`[ \t\r\n+]*(?:(?:\\\r?\n|\/\/[^\n]{0,200}\n|#[^\n]{0,200}\n|\/\*[^*]{0,200}\*\/)[ \t\r\n+]*){0,4}`;
export const SHAPE = new RegExp(String.raw`["'\`]${GAP}[fFrRuUbB]{0,2}["'\`]|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?\$\{?[A-Za-z_]|\$\{\s*["']`, 'y');
/**
 * The first shape at or after `from`, or null. SHAPE is tried only where SeamStarts says a
 * seam may start: as one global regex it tried every quote of a bundle. `starts`: the text's
 * own, kept across calls so each needle is searched once per text.
 */
export function shapeFrom(text: string, from: number, starts = new SeamStarts(text)): RegExpExecArray | null {
  for (let s = starts.first(from); s >= 0; s = starts.first(s + 1)) {
    SHAPE.lastIndex = s;
    const m = SHAPE.exec(text);
    if (m) return m;
  }
  return null;
}

/** A seam whose token run is shorter joins a key only if a whole short literal is a piece. */
const PIECE_RUN = 6;
const QUOTE = /["'`]/g;

/** Whether joining made a long token run across one of its seams (a key split in pieces). */
export function joinsToken(text: string, seams: number[]): boolean {
  for (const s of seams) {
    const left = keyCharsBefore(text, s);
    const right = keyCharsAfter(text, s);
    if (left > 0 && right > 0 && left + right >= KEY_RUN) return true;
  }
  return false;
}

/** A shell assignment of a literal at a line start (sticky: tried where a line starts). */
const ASSIGN = /^[ \t]*(?:export[ \t]+|local[ \t]+|readonly[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)=(?:"([^"$`\\\n]*)"|'([^'\n]*)'|([^\s"'$`;|&()<>]+))/my;

/**
 * The literal assignments to `name` at line starts, in text order (line start, value). Found
 * by a native search for `name=`, so a JS template literal's `${a}${b}` costs a search for
 * `a=`, not a pass over every line of a bundle for assignments.
 */
export function assignmentsOf(text: string, name: string): Array<{ at: number; value: string }> {
  const out: Array<{ at: number; value: string }> = [];
  const needle = `${name}=`;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
    // a bundle's `e=` follows `,` or `(`: only a name at a line's start (after blanks and a
    // keyword) is an assignment, and that is told from the few characters before it
    const lineStart = assignmentLineStart(text, at);
    if (lineStart < 0) continue;
    ASSIGN.lastIndex = lineStart;
    const m = ASSIGN.exec(text);
    // the line's own assignment is to `name` (not just a later `name=` on it)
    if (m && m[1] === name && out[out.length - 1]?.at !== lineStart) out.push({ at: lineStart, value: m[2] ?? m[3] ?? m[4]! });
  }
  return out;
}

const BLANK = (c: string | undefined) => c === ' ' || c === '\t';
const KEYWORDS = new Set(['export', 'local', 'readonly']);

/** Where the line of an assignment to a name at `at` starts, or -1 if the name is not at one. */
function assignmentLineStart(text: string, at: number): number {
  let i = at;
  while (i > 0 && BLANK(text[i - 1])) i--;
  if (i > 0 && i < at && text[i - 1] !== '\n') {
    let w = i;
    while (w > 0 && i - w < 8 && text.charCodeAt(w - 1) >= 0x61 && text.charCodeAt(w - 1) <= 0x7a) w--;
    if (!KEYWORDS.has(text.slice(w, i))) return -1;
    i = w;
    while (i > 0 && BLANK(text[i - 1])) i--;
  }
  return i === 0 || text[i - 1] === '\n' ? i : -1;
}

/** Shell variables assigned on a line before `before`, each name's assignments found once. */
class AssignedBefore {
  before = 0;
  private readonly byName = new Map<string, Array<{ at: number; value: string }>>();
  constructor(private readonly text: string) {}

  get(name: string): string | undefined {
    let list = this.byName.get(name);
    if (!list) this.byName.set(name, (list = assignmentsOf(this.text, name)));
    let value: string | undefined;
    for (const a of list) {
      if (a.at >= this.before) break;
      value = a.value;
    }
    return value;
  }
}

/** The joined expressions of `text` that make a long token across a seam, in source order. */
export function joinedExpressions(text: string): Joined[] {
  const out: Joined[] = [];
  const vars = new AssignedBefore(text);
  let cursor = 0;
  let after = 0;
  const starts = new SeamStarts(text);
  for (let m = shapeFrom(text, 0, starts); m && out.length < MAX_EXPRESSIONS; m = shapeFrom(text, after, starts)) {
    after = m.index + m[0].length;
    if (!seamMayJoinToken(text, m.index, after)) continue;
    // tokenize from the start of the shape's line (or where the last expression ended), so
    // that quotes pair up as the source pairs them
    let s = lineStartAfter(text, m.index, Math.max(cursor, m.index - CONTEXT * 4));
    while (s <= m.index && out.length < MAX_EXPRESSIONS) {
      QUOTE.lastIndex = s;
      const q = QUOTE.exec(text);
      if (!q) break;
      const at = literalStart(text, q.index, s);
      vars.before = at;
      const { joined, next } = joinAt(text, at, vars, joinsToken);
      if (joined) out.push(joined);
      s = Math.max(next, q.index + 1);
    }
    cursor = s;
    after = Math.max(after, cursor);
  }
  return out;
}

/**
 * For a closing quote at `close` and an opening one ending at `open`: whether the raw token
 * runs on either side can make a key (long enough, or a whole literal that is a piece of one).
 * Other shapes ($-forms) always may.
 */
function seamMayJoinToken(text: string, close: number, open: number): boolean {
  if (text[close] === '$') return true;
  const left = keyCharsBefore(text, close);
  if (text[open] === '$') return left > 0;
  const right = keyCharsAfter(text, open);
  if (left === 0 || right === 0) return false;
  if (left + right >= KEY_RUN) return true;
  const whole = text[close] === text[close - 1 - left] || text[open - 1] === text[open + right];
  return whole && left + right >= PIECE_RUN;
}

/** Start of the line holding `at`, but not before `floor` (a bounded search: minified lines). */
function lineStartAfter(text: string, at: number, floor: number): number {
  let i = at - 1;
  while (i >= floor && text.charCodeAt(i) !== 10) i--;
  return Math.max(i + 1, floor);
}

/** A Python prefix (f"…", rb'…') belongs to the literal when no identifier runs into it. */
function literalStart(text: string, q: number, floor: number): number {
  let at = q;
  while (at > floor && q - at < 2 && /[fFrRuUbB]/.test(text[at - 1]!)) at--;
  if (at < q && at > 0 && /[A-Za-z0-9_$]/.test(text[at - 1]!)) return q;
  return quoteAt(text, at) === q ? at : q;
}

// ---------------------------------------------------------------- the view and its map

/** A run of view characters: copied from source offset `os`, or one character per from/to. */
interface Piece {
  vs: number;
  len: number;
  os?: number;
  from?: number[];
  to?: number[];
}

function contextStart(text: string, at: number): number {
  let s = text.lastIndexOf('\n', at - 1) + 1;
  for (let k = 0; k < CONTEXT_LINES && s > 0; k++) s = text.lastIndexOf('\n', s - 2) + 1;
  return Math.max(s, at - CONTEXT, 0);
}

function contextEnd(text: string, at: number): number {
  let e = at;
  for (let k = 0; k <= CONTEXT_LINES && e < text.length; k++) {
    const n = text.indexOf('\n', e + (k > 0 ? 1 : 0));
    e = n < 0 ? text.length : n;
  }
  return Math.min(e, at + CONTEXT, text.length);
}

/** The view text and its pieces for the expressions (in source order, not overlapping). */
export function buildJoinedView(text: string, exprs: Joined[]): { text: string; pieces: Piece[] } {
  const parts: string[] = [];
  const pieces: Piece[] = [];
  let len = 0;
  const push = (s: string, p: Omit<Piece, 'vs' | 'len'>): void => {
    if (!s) return;
    parts.push(s);
    pieces.push({ vs: len, len: s.length, ...p });
    len += s.length;
  };
  let copied = 0; // source copied up to here
  let regionEnd = -1; // end of the current region (-1: none yet)
  for (const e of exprs) {
    const cs = contextStart(text, e.start);
    if (regionEnd < 0) copied = cs;
    else if (cs > regionEnd) {
      push(text.slice(copied, regionEnd), { os: copied });
      push('\n', { from: [regionEnd], to: [regionEnd] }); // a region separator: maps to its end
      copied = cs;
    }
    push(text.slice(copied, e.start), { os: copied });
    push(`"${e.text}"`, { from: [e.start, ...e.from, e.end - 1], to: [e.start + 1, ...e.to, e.end] });
    copied = e.end;
    regionEnd = Math.max(copied, contextEnd(text, e.end));
  }
  if (regionEnd >= 0) push(text.slice(copied, regionEnd), { os: copied });
  return { text: parts.join(''), pieces };
}

/** The source offset of view offset `v` (a start; with `end`, an exclusive end). */
export function toSource(pieces: Piece[], v: number, end = false): number {
  const at = end ? v - 1 : v;
  if (at < 0) return 0;
  let lo = 0;
  let hi = pieces.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (pieces[mid]!.vs <= at) lo = mid;
    else hi = mid - 1;
  }
  const p = pieces[lo]!;
  const k = Math.min(at - p.vs, p.len - 1);
  if (p.os !== undefined) return p.os + k + (end ? 1 : 0);
  return end ? p.to![k]! : p.from![k]!;
}

/** The joined-literals view of `text`, when it has a concatenation that joins a token. */
export function* joinedView(text: string, prov: Provenance[], lines: number[] | undefined): Generator<TextChunk> {
  const exprs = joinedExpressions(text);
  if (!exprs.length) return;
  const v = buildJoinedView(text, exprs);
  const origin: ViewOrigin = { original: text, toOrig: (o, end) => toSource(v.pieces, o, end), ...(lines ? { lines } : {}) };
  yield { text: v.text, provenance: prov, encoding: JOINED_ENCODING, origin };
}
