// A small parser of JavaScript regex sources into what the backtracking bound
// (backtrack.ts) needs: items with their repeat counts, and for each character the set it may
// be (ASCII exactly, everything else as one "high" flag). Returns undefined for anything it
// does not understand, which then counts as unbounded: the parse may be incomplete, never wrong.
import { classEnd } from './redos.js';

/** ASCII as four 32-bit words, plus whether any character above 0x7F belongs. */
export interface CharSet {
  ascii: number[];
  high: boolean;
}

export type Node =
  | { kind: 'char'; set: CharSet }
  | { kind: 'group'; alts: Item[][] }
  | { kind: 'look'; alts: Item[][] }
  | { kind: 'anchor' }
  | { kind: 'backref' };

export interface Item {
  node: Node;
  min: number;
  max: number;
}

export const ALL: CharSet = { ascii: [-1, -1, -1, -1], high: true };

export function union(a: CharSet, b: CharSet): CharSet {
  return { ascii: a.ascii.map((w, i) => w | b.ascii[i]!), high: a.high || b.high };
}

export function disjoint(a: CharSet, b: CharSet): boolean {
  return !(a.high && b.high) && a.ascii.every((w, i) => (w & b.ascii[i]!) === 0);
}

function set(codes: Iterable<number>, high = false): CharSet {
  const s: CharSet = { ascii: [0, 0, 0, 0], high };
  for (const c of codes) {
    if (c > 0x7f) s.high = true;
    else s.ascii[c >> 5]! |= 1 << (c & 31);
  }
  return s;
}

function complement(s: CharSet): CharSet {
  return { ascii: s.ascii.map((w) => ~w), high: true };
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let c = from; c <= Math.min(to, 0x80); c++) out.push(c);
  return out;
}

const DIGIT = set(range(0x30, 0x39));
const WORD = set([...range(0x30, 0x39), ...range(0x41, 0x5a), ...range(0x61, 0x7a), 0x5f]);
// Unicode spaces (U+00A0, U+2028, U+FEFF, …) are above ASCII: high.
const SPACE = set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20], true);

/**
 * With the i flag, a letter stands for both cases. Only with u do non-ASCII characters fold
 * to ASCII ones (K and U+212A KELVIN SIGN, S and U+017F LONG S); without u, the spec keeps a
 * character at or above 0x80 from matching one below it.
 */
function fold(s: CharSet, ignoreCase: boolean, unicode: boolean): CharSet {
  if (!ignoreCase) return s;
  const out: CharSet = { ascii: [...s.ascii], high: s.high };
  const has = (c: number) => (s.ascii[c >> 5]! & (1 << (c & 31))) !== 0;
  for (let c = 0x41; c <= 0x5a; c++) {
    if (has(c) || has(c + 32)) {
      out.ascii[c >> 5]! |= 1 << (c & 31);
      out.ascii[(c + 32) >> 5]! |= 1 << ((c + 32) & 31);
      if (unicode && (c === 0x4b || c === 0x53)) out.high = true;
    }
  }
  return out;
}

class Unsupported extends Error {}

/** The pattern as alternatives of items, or undefined if it holds something not understood. */
export function parsePattern(pattern: string, flags: string): Item[][] | undefined {
  const p = new Parser(pattern, flags);
  try {
    const alts = p.alternation();
    return p.i === pattern.length ? alts : undefined;
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

/** A recursive-descent reader of one pattern; `i` is where it is. */
class Parser {
  i = 0;
  private readonly ignoreCase: boolean;
  private readonly unicode: boolean;
  private readonly dotAll: boolean;

  constructor(private readonly pattern: string, flags: string) {
    this.ignoreCase = flags.includes('i');
    this.unicode = flags.includes('u') || flags.includes('v');
    this.dotAll = flags.includes('s');
  }

  alternation(): Item[][] {
    const alts: Item[][] = [[]];
    while (this.i < this.pattern.length && this.pattern[this.i] !== ')') {
      if (this.pattern[this.i] === '|') {
        alts.push([]);
        this.i++;
        continue;
      }
      const node = this.atom();
      const q = node.kind === 'anchor' || node.kind === 'look' ? { min: 1, max: 1 } : this.quantifier();
      alts[alts.length - 1]!.push({ node, ...q });
    }
    return alts;
  }

  private atom(): Node {
    const { pattern } = this;
    const c = pattern[this.i]!;
    if (c === '\\') {
      const e = this.escape(false);
      if (e === 'anchor' || e === 'backref') return { kind: e };
      return this.char(typeof e === 'number' ? set([e]) : e);
    }
    if (c === '[') return { kind: 'char', set: this.charClass() };
    if (c === '(') {
      const head = /^\((\?(?:[=!]|<[=!]|:|<[A-Za-z_$][\w$]*>))?/.exec(pattern.slice(this.i))!;
      this.i += head[0].length;
      const look = head[1] !== undefined && /^\?<?[=!]$/.test(head[1]);
      const alts = this.alternation();
      if (pattern[this.i] !== ')') throw new Unsupported();
      this.i++;
      return look ? { kind: 'look', alts } : { kind: 'group', alts };
    }
    this.i++;
    if (c === '^' || c === '$') return { kind: 'anchor' };
    if (c === '.') return { kind: 'char', set: this.dotAll ? ALL : complement(set([0x0a, 0x0d])) };
    if ('*+?{'.includes(c) && /^(?:[*+?]|\{\d)/.test(pattern.slice(this.i - 1))) throw new Unsupported();
    // A surrogate (half of an astral character) is one unit without u, two with: not modelled.
    if (c.charCodeAt(0) >= 0xd800 && c.charCodeAt(0) <= 0xdfff) throw new Unsupported();
    return this.char(set([c.charCodeAt(0)]));
  }

  private char(s: CharSet): Node {
    return { kind: 'char', set: fold(s, this.ignoreCase, this.unicode) };
  }

  /** An escape: a class (\d, \w, …), one character's code, or what is not a character. */
  private escape(inClass: boolean): CharSet | number | 'anchor' | 'backref' {
    const c = this.pattern[this.i + 1];
    if (c === undefined) throw new Unsupported();
    this.i += 2;
    const classes: Record<string, CharSet> = { d: DIGIT, D: complement(DIGIT), w: WORD, W: complement(WORD), s: SPACE, S: complement(SPACE) };
    if (classes[c]) return classes[c];
    if (!inClass && (c === 'b' || c === 'B')) return 'anchor';
    if (!inClass && (/[1-9]/.test(c) || c === 'k')) return 'backref';
    const hex = /^(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|u\{([0-9a-fA-F]+)\})/.exec(this.pattern.slice(this.i - 1));
    if (hex) {
      this.i += hex[0].length - 1;
      return parseInt(hex[1] ?? hex[2] ?? hex[3]!, 16);
    }
    if (c === 'p' || c === 'P' || c === 'c' || c.charCodeAt(0) >= 0xd800) throw new Unsupported();
    const named: Record<string, number> = { n: 10, r: 13, t: 9, v: 11, f: 12, '0': 0, ...(inClass ? { b: 8 } : {}) };
    return named[c] ?? c.charCodeAt(0);
  }

  private charClass(): CharSet {
    const end = classEnd(this.pattern, this.i);
    if (this.pattern[end - 1] !== ']') throw new Unsupported();
    this.i++;
    const negated = this.pattern[this.i] === '^';
    if (negated) this.i++;
    let s: CharSet = { ascii: [0, 0, 0, 0], high: false };
    while (this.i < end - 1) {
      const lo = this.classChar();
      if (typeof lo === 'number' && this.pattern[this.i] === '-' && this.i + 1 < end - 1) {
        this.i++;
        const hi = this.classChar();
        if (typeof hi !== 'number') throw new Unsupported();
        s = union(s, set(range(lo, hi), hi > 0x7f));
      } else s = union(s, typeof lo === 'number' ? set([lo]) : lo);
    }
    this.i = end;
    s = fold(s, this.ignoreCase, this.unicode);
    return negated ? complement(s) : s;
  }

  private classChar(): CharSet | number {
    if (this.pattern[this.i] === '\\') {
      const e = this.escape(true);
      if (typeof e === 'string') throw new Unsupported();
      return e;
    }
    const code = this.pattern.charCodeAt(this.i++);
    if (code >= 0xd800 && code <= 0xdfff) throw new Unsupported();
    return code;
  }

  private quantifier(): { min: number; max: number } {
    const m = /^(?:([*+?])|\{(\d+)(?:(,)(\d*))?\})\??/.exec(this.pattern.slice(this.i));
    if (!m) return { min: 1, max: 1 };
    this.i += m[0].length;
    if (m[1] === '*') return { min: 0, max: Infinity };
    if (m[1] === '+') return { min: 1, max: Infinity };
    if (m[1] === '?') return { min: 0, max: 1 };
    const min = Number(m[2]);
    return { min, max: m[3] === undefined ? min : m[4] ? Number(m[4]) : Infinity };
  }
}
