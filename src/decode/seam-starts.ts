// Where a joined-literals shape (joined-view.ts's SHAPE) may start: a closing quote after a key
// character, before what a gap, a prefix or a quote starts with; or a `$` form. Each needle is
// found by its own native indexOf: one regex whose first character is a class of quotes scans
// a bundle character by character in the regex engine, several times slower.
import { isKeyChar } from './key-run.js';

const NEEDLES = ['"', "'", '`', '$'] as const;
const DOLLAR = 3;
/** Blanks looked past before SHAPE itself is asked (a long run of them is rare). */
const MAX_BLANKS = 64;

/** What may follow a closing quote of a seam: a gap's first character, a prefix, a quote. */
const FOLLOWS = new Uint8Array(128);
for (const c of ' \t\r\n+\\/#fFrRuUbB"\'`') FOLLOWS[c.charCodeAt(0)] = 1;
/** The same after the gap's blanks and `+`: a comment, a continuation, a prefix, a quote. */
const AFTER_BLANKS = new Uint8Array(128);
for (const c of '\\/#fFrRuUbB"\'`') AFTER_BLANKS[c.charCodeAt(0)] = 1;
const BLANKS = new Uint8Array(128);
for (const c of ' \t\r\n+') BLANKS[c.charCodeAt(0)] = 1;

/** A `$` form: shell `$A$B` / `${A}${B}`, or a template literal's `${"…"}`. */
const DOLLAR_FORM = /\$(?:\{?[A-Za-z_][A-Za-z0-9_]*\}?\$\{?[A-Za-z_]|\{\s*["'])/y;

/** The seam starts of one text, searched lazily per needle and remembered between calls. */
export class SeamStarts {
  /** Per needle: the first start at or after `base[i]`, or -1 when there is none. */
  private readonly at = [-1, -1, -1, -1];
  private readonly base = [Infinity, Infinity, Infinity, Infinity];

  constructor(private readonly text: string) {}

  /** The first seam start at or after `from`, or -1. */
  first(from: number): number {
    let best = -1;
    for (let i = 0; i < NEEDLES.length; i++) {
      const at = this.at[i]!;
      if (!(this.base[i]! <= from && (at < 0 || at >= from))) {
        this.at[i] = this.search(i, from);
        this.base[i] = from;
      }
      const a = this.at[i]!;
      if (a >= 0 && (best < 0 || a < best)) best = a;
    }
    return best;
  }

  private search(needle: number, from: number): number {
    const t = this.text;
    const ch = NEEDLES[needle]!;
    for (let p = t.indexOf(ch, from); p >= 0; p = t.indexOf(ch, p + 1)) if (this.startsAt(needle, p)) return p;
    return -1;
  }

  private startsAt(needle: number, p: number): boolean {
    const t = this.text;
    if (needle === DOLLAR) {
      DOLLAR_FORM.lastIndex = p;
      return DOLLAR_FORM.test(t);
    }
    const next = t.charCodeAt(p + 1);
    if (!(p > 0 && isKeyChar(t.charCodeAt(p - 1)) && next < 128 && FOLLOWS[next] === 1)) return false;
    // SHAPE's gap starts with blanks and `+`; what ends them must start a comment or a literal
    let q = p + 1;
    while (q < t.length && q - p <= MAX_BLANKS && BLANKS[t.charCodeAt(q)] === 1) q++;
    const c = t.charCodeAt(q);
    return q - p > MAX_BLANKS || (c < 128 && AFTER_BLANKS[c] === 1);
  }
}
