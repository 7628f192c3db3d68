// Source tricks: a key split across adjacent string literals ("AK" + "IA…", Python's
// implicit "ab" "cd", `a${"b"}c`, shell "$A""$B"). This module reads such an expression from
// the source and joins it, remembering where each joined character came from.
//
// Not a parser of any one language: a literal is a quoted run on one line (a template
// literal may span lines), and two literals join when only blanks, comments, one `+` or a
// line continuation stand between them. Garbage joins (a quote misread in prose) are cheap:
// the caller keeps only joins that make a long token run across a literal boundary.

/** Bounds: literals per expression, joined characters, characters between two literals. */
export const MAX_PIECES = 16;
export const MAX_JOINED = 1024;
const MAX_GAP = 256;
const MAX_LITERAL = 2048;
const TOO_LONG = -2;

/** A joined expression: source range [start, end) and, per joined character, its source range. */
export interface Joined {
  start: number;
  end: number;
  text: string;
  /** from[i]..to[i]: the source characters joined character i stands for. */
  from: number[];
  to: number[];
  /** Joined offsets where one literal's text meets the next one's. */
  seams: number[];
}

/** Values of shell variables assigned a literal, for "$A" (see assignmentsOf in joined-view.ts). */
export interface Vars {
  get(name: string): string | undefined;
}

const PREFIX = /[fFrRuUbB]/;

function isQuote(c: string | undefined): boolean {
  return c === '"' || c === "'" || c === '`';
}

/** Where the literal opening at `i` (a quote, or a Python prefix letter) starts its quote. */
export function quoteAt(text: string, i: number): number {
  let q = i;
  while (q < i + 2 && PREFIX.test(text[q] ?? '')) q++;
  return isQuote(text[q]) ? q : -1;
}

/** The joined text; with `record`, also where each character came from (only for keepers). */
class Builder {
  text = '';
  from: number[] = [];
  to: number[] = [];
  seams: number[] = [];
  constructor(private readonly record: boolean) {}

  chars(s: number, e: number, src: string): void {
    this.text += src.slice(s, e);
    if (this.record) for (let k = s; k < e; k++) this.from.push(k), this.to.push(k + 1);
  }

  value(v: string, s: number, e: number): void {
    this.text += v;
    if (this.record) for (let k = 0; k < v.length; k++) this.from.push(s), this.to.push(e);
  }

  seam(): void {
    if (this.text.length > 0) this.seams.push(this.text.length);
  }

  mark(): [number, number] {
    return [this.text.length, this.seams.length];
  }

  /** Back to a mark(): a literal that could not be read or would make the join too long. */
  reset([len, seams]: [number, number]): void {
    this.text = this.text.slice(0, len);
    this.from.length = Math.min(this.from.length, len);
    this.to.length = Math.min(this.to.length, len);
    this.seams.length = seams;
  }
}

/**
 * Reads the literal whose quote is at `q` into `b`; returns the offset after its closing quote,
 * -1 (unclosed on its line, or a substitution that is not a literal or a known variable) or
 * TOO_LONG.
 */
function readLiteral(text: string, q: number, b: Builder, vars: Vars | undefined): number {
  const quote = text[q]!;
  let run = q + 1;
  b.seam();
  for (let j = q + 1; j < text.length; j++) {
    if (j - q > MAX_LITERAL) return TOO_LONG;
    const c = text[j]!;
    if (c === '\\') {
      j++;
      continue;
    }
    if (c === quote) {
      b.chars(run, j, text);
      return j + 1;
    }
    if (c === '\n' && quote !== '`') return -1;
    if (c === '$' && quote !== "'") {
      const sub = substitution(text, j, quote, vars);
      if (sub === null) continue;
      if (sub === undefined) return -1;
      b.chars(run, j, text);
      b.seam();
      if (typeof sub.value === 'string') b.value(sub.value, j, sub.end);
      else if (readLiteral(text, sub.value, b, vars) < 0) return -1;
      b.seam();
      run = sub.end;
      j = sub.end - 1;
    }
  }
  return -1;
}

const VAR = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/;
const TEMPLATE_LITERAL = /^\$\{\s*(["'])/;

/**
 * A `${…}` / `$NAME` at `j`: null when it is no substitution (a plain `$`), undefined when
 * it cannot be joined, else its value (a string, or the quote of a nested literal) and end.
 */
function substitution(text: string, j: number, quote: string, vars: Vars | undefined): { value: string | number; end: number } | null | undefined {
  const head = text.slice(j, j + 80);
  if (quote === '`') {
    if (!head.startsWith('${')) return null;
    const m = TEMPLATE_LITERAL.exec(head);
    if (!m) return undefined;
    const q = j + m[0].length - 1;
    const close = text.indexOf(m[1]!, q + 1);
    if (close < 0 || !/^\s*\}/.test(text.slice(close + 1, close + 40))) return undefined;
    // the nested literal is read by the caller (value: its quote)
    return { value: q, end: text.indexOf('}', close + 1) + 1 };
  }
  const m = VAR.exec(head);
  if (!m) return null;
  const v = vars?.get(m[1] ?? m[2]!);
  return v === undefined ? undefined : { value: v, end: j + m[0].length };
}

/** Offset of the next literal after a joiner at `i` (blanks, comments, one `+`), or -1. */
function afterJoiner(text: string, i: number): number {
  let plus = false;
  const limit = Math.min(text.length, i + MAX_GAP);
  let j = i;
  while (j < limit) {
    const c = text[j]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') j++;
    else if (c === '\\' && (text[j + 1] === '\n' || text[j + 1] === '\r')) j += 2;
    else if (c === '+' && !plus && text[j + 1] !== '+' && text[j + 1] !== '=') (plus = true), j++;
    else if (c === '/' && text[j + 1] === '/') j = lineEnd(text, j);
    else if (c === '#' && j > i) j = lineEnd(text, j);
    else if (c === '/' && text[j + 1] === '*') {
      const e = text.indexOf('*/', j + 2);
      if (e < 0) return -1;
      j = e + 2;
    } else break;
  }
  return j < limit && quoteAt(text, j) >= 0 ? j : -1;
}

function lineEnd(text: string, j: number): number {
  const e = text.indexOf('\n', j);
  return e < 0 ? text.length : e;
}

/**
 * The expression of literals that starts with the literal at `at` (its quote or prefix),
 * joined, if `keep` accepts its text and seams; `next`: where to go on reading.
 */
export function joinAt(text: string, at: number, vars: Vars | undefined, keep: (text: string, seams: number[]) => boolean): { joined: Joined | null; next: number } {
  // First without source positions (most literals join nothing), then again for a keeper.
  const first = read(text, at, vars, new Builder(false));
  // no quote closes within MAX_LITERAL (a minified line, escaped JSON): do not try every
  // quote of that stretch again, which is quadratic
  if (first.end < 0) return { joined: null, next: quoteAt(text, at) + (first.end === TOO_LONG ? MAX_LITERAL : 1) };
  if (first.pieces < 2 && first.b.seams.length < 2) return { joined: null, next: first.end };
  if (!keep(first.b.text, first.b.seams)) return { joined: null, next: first.end };
  const { b, end } = read(text, at, vars, new Builder(true));
  return { joined: { start: at, end, text: b.text, from: b.from, to: b.to, seams: b.seams }, next: end };
}

function read(text: string, at: number, vars: Vars | undefined, b: Builder): { b: Builder; end: number; pieces: number } {
  let end = readLiteral(text, quoteAt(text, at), b, vars);
  let pieces = 1;
  while (end >= 0 && pieces < MAX_PIECES) {
    const n = afterJoiner(text, end);
    if (n < 0) break;
    const m = b.mark();
    const e = readLiteral(text, quoteAt(text, n), b, vars);
    if (e < 0 || b.text.length > MAX_JOINED) {
      b.reset(m);
      break;
    }
    end = e;
    pieces++;
  }
  return { b, end, pieces };
}
