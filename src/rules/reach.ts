// How far a rule's match may reach from one of its keywords. The engine runs a rule only in
// windows around its keyword hits (engine/windows.ts), so it must know that bound: a rule
// declares it (`reach: {before, after}`), or it is derived from the pattern when the pattern's
// longest match is finite (every match holds a keyword, so it lies within its own length of
// the keyword). A pattern that can run unbounded with no declared reach is rejected at load.
import { classEnd } from './redos.js';

/** Longest match of a regex source in UTF-16 units (Infinity when unbounded), plus why. */
export interface Length {
  max: number;
  /** The first unbounded construct, as written (for the load error). */
  unbounded?: string;
}

/** A longest match above this counts as unbounded: a window that large is most of a text. */
const MAX_REACH = 65536;

export function maxMatchLength(pattern: string, flags = ''): Length {
  const unit = flags.includes('u') || flags.includes('v') ? 2 : 1;
  let unbounded: string | undefined;
  let i = 0;
  // One alternation (up to ')' or the end): the max over its alternatives of their sums.
  const alternation = (): number => {
    let best = 0;
    let sum = 0;
    while (i < pattern.length && pattern[i] !== ')') {
      if (pattern[i] === '|') {
        best = Math.max(best, sum);
        sum = 0;
        i++;
        continue;
      }
      const atomStart = i;
      let len = atom();
      const q = /^(?:\*|\+|\?|\{(\d+)(?:(,)(\d*))?\})\??/.exec(pattern.slice(i));
      if (q) {
        const max = q[0][0] === '?' ? 1 : q[1] === undefined ? Infinity : q[2] === undefined ? Number(q[1]) : q[3] ? Number(q[3]) : Infinity;
        if (max === Infinity && len > 0) unbounded ??= pattern.slice(atomStart, i + q[0].length);
        len = len === 0 ? 0 : len * max;
        i += q[0].length;
      }
      sum += len;
    }
    return Math.max(best, sum);
  };
  const atom = (): number => {
    const c = pattern[i]!;
    if (c === '\\') {
      const m = /^\\(?:u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|c[A-Za-z]|[pP]\{[^}]*\}|k<[^>]*>|[1-9]\d*|0|.)/s.exec(pattern.slice(i))!;
      i += m[0].length;
      if (/^\\[bB]$/.test(m[0])) return 0;
      if (/^\\(?:k<|[1-9])/.test(m[0])) {
        // A backreference repeats a group: bounded by it, but not worth tracking here.
        unbounded ??= m[0];
        return Infinity;
      }
      return /^\\[pPdDwWsS.]/.test(m[0]) ? unit : /^\\u\{/.test(m[0]) ? 2 : 1;
    }
    if (c === '[') {
      i = classEnd(pattern, i);
      return unit;
    }
    if (c === '(') {
      const look = /^\(\?(?:[=!]|<[=!])/.test(pattern.slice(i));
      const named = /^\(\?<[^=!][^>]*>|^\(\?:|^\(/.exec(pattern.slice(i))!;
      i += look ? (pattern[i + 2] === '<' ? 4 : 3) : named[0].length;
      const len = alternation();
      i++; // ')'
      return look ? 0 : len;
    }
    i++;
    if (c === '^' || c === '$') return 0;
    return c === '.' ? unit : 1;
  };
  const max = alternation();
  if (max === Infinity) return { max, unbounded: unbounded ?? 'an unbounded repeat' };
  return max > MAX_REACH ? { max: Infinity, unbounded: `a match of up to ${max} characters` } : { max };
}
