// The Aho-Corasick automaton behind the keyword pass: a dense DFA over ASCII-case-folded
// bytes (Int32Array, 256 columns per state, premultiplied). Its inner loop is one table load
// per byte, and each load waits for the one before (the next state needs this one): the CPU
// is mostly idle in between. So a block is cut into LANES lanes walked in one loop, four
// independent chains of loads, each lane starting `overlap` bytes early (the longest keyword
// less one) so that no keyword across a lane boundary is missed, and reporting only accepts
// at or after its own start: the same accepts, in the same order, as one walk.
//
// The loop holds no code that runs only on an accept: it stops at one and settle() handles
// every lane with the same few instructions. Code in a branch that had not run yet when V8
// optimized the loop (lane 3's first accept, say) has no type feedback, and reaching it threw
// the whole walk back to unoptimized code: eleven times in a history scan, most of its lanes
// run there.
import type { Keyword } from './prefilter.js';

export type OnAccept = (end: number, state: number) => void;

const LANES = 4;
/** Bytes of one lane in a block: accepts of lanes 1-3 wait for lane 0's, at most this many. */
const LANE = 1 << 16;
/** Shorter texts (or longer keywords) are walked by one chain: lanes would not pay. */
export const MIN_LANE = 512;

/** What the lanes of a walk keep; made once per automaton (2 MB), reused by every text. */
export class Held {
  private state: LaneState | undefined;
  constructor(private readonly overlap: number) {}
  get(): LaneState {
    return (this.state ??= {
      accepts: Array.from({ length: LANES }, () => new Int32Array(2 * (LANE + this.overlap))),
      counts: new Int32Array(LANES),
      from: new Int32Array(LANES),
      reg: new Int32Array(2 * LANES),
    });
  }
}

/** Per lane: its accepts (end, state pairs) and their count, its own start; reg: states, then offsets. */
interface LaneState {
  accepts: Int32Array[];
  counts: Int32Array;
  from: Int32Array;
  reg: Int32Array;
}

/**
 * Accepts of the automaton over `bytes`, in increasing `end` (the offset of the keyword's last
 * byte). `overlap`: the longest keyword's length less one, the same `held` was made with.
 */
export function eachAccept(delta: Int32Array, bytes: Uint8Array, overlap: number, held: Held, found: OnAccept): void {
  const n = bytes.length;
  if (n < LANES * MIN_LANE || overlap >= MIN_LANE) {
    walk(delta, bytes, 0, 0, n, found);
    return;
  }
  const state = held.get();
  // the first `overlap` bytes by one chain: every block's lanes, the first's too, start that early
  walk(delta, bytes, 0, 0, overlap, found);
  for (let at = overlap; at < n; ) {
    const quarter = Math.min(LANE, Math.floor((n - at) / LANES));
    if (quarter < MIN_LANE) {
      walk(delta, bytes, at - overlap, at, n, found);
      return;
    }
    lanes(delta, bytes, at, quarter, overlap, state);
    report(state, found);
    at += quarter * LANES;
  }
}

/**
 * One chain over a string's char codes, for short strings (names, paths): copying each to
 * bytes first cost more than walking it. A char above 0xFF reads as NUL, which no keyword holds.
 */
export function walkText(delta: Int32Array, text: string, found: OnAccept): void {
  let s = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    s = delta[s + (c > 0xff ? 0 : c)]!;
    if (s < 0) {
      s = ~s;
      found(i, s);
    }
  }
}

/** One chain from root at `start` to `end`, reporting accepts at or after `from`. */
function walk(delta: Int32Array, bytes: Uint8Array, start: number, from: number, end: number, found: OnAccept): void {
  let s = 0;
  for (let i = start; i < end; i++) {
    s = delta[s + bytes[i]!]!;
    if (s < 0) {
      s = ~s;
      if (i >= from) found(i, s);
    }
  }
}

/**
 * Four lanes of `quarter` bytes from `at` (at least `overlap`): lane k owns [at + k·quarter,
 * at + (k+1)·quarter) and starts `overlap` earlier; its accepts are held in `st`.
 */
function lanes(delta: Int32Array, bytes: Uint8Array, at: number, quarter: number, overlap: number, st: LaneState): void {
  const { reg, from } = st;
  for (let k = 0; k < LANES; k++) from[k] = at + k * quarter;
  st.counts.fill(0);
  let i0 = at - overlap;
  let i1 = i0 + quarter;
  let i2 = i1 + quarter;
  let i3 = i2 + quarter;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const stop = at + quarter;
  while (i0 < stop) {
    for (; i0 < stop; i0++, i1++, i2++, i3++) {
      s0 = delta[s0 + bytes[i0]!]!;
      s1 = delta[s1 + bytes[i1]!]!;
      s2 = delta[s2 + bytes[i2]!]!;
      s3 = delta[s3 + bytes[i3]!]!;
      if ((s0 | s1 | s2 | s3) < 0) break;
    }
    if (i0 >= stop) return;
    reg[0] = s0;
    reg[1] = s1;
    reg[2] = s2;
    reg[3] = s3;
    reg[4] = i0;
    reg[5] = i1;
    reg[6] = i2;
    reg[7] = i3;
    settle(st);
    s0 = reg[0]!;
    s1 = reg[1]!;
    s2 = reg[2]!;
    s3 = reg[3]!;
    i0++, i1++, i2++, i3++;
  }
}

/** The lanes whose state is an accept: the state made plain, the accept held if in its own part. */
function settle({ reg, from, counts, accepts }: LaneState): void {
  for (let k = 0; k < LANES; k++) {
    const s = reg[k]!;
    if (s >= 0) continue;
    reg[k] = ~s;
    const i = reg[LANES + k]!;
    if (i < from[k]!) continue;
    const held = accepts[k]!;
    const c = counts[k]!;
    held[c] = i;
    held[c + 1] = ~s;
    counts[k] = c + 2;
  }
}

/** A block's held accepts, lane by lane: in increasing end, as one walk finds them. */
function report({ accepts, counts }: LaneState, found: OnAccept): void {
  for (let k = 0; k < LANES; k++) {
    const held = accepts[k]!;
    for (let j = 0, c = counts[k]!; j < c; j += 2) found(held[j]!, held[j + 1]!);
  }
}

/**
 * Goto/fail construction straight into the DFA whose columns already fold A-Z to a-z. In
 * breadth-first order each state's row starts as a copy of its fail state's row (a native
 * copy, already final) and only its own children are written over it: every thread builds
 * this at start-up, and filling 256 columns per state in JS cost ~50 ms on the shipped rules.
 * A cell holds the next state premultiplied by 256, complemented when keywords end there.
 */
export function buildAutomaton(keywords: readonly Keyword[]): { delta: Int32Array; out: number[][] } {
  const words = keywords.map((k) => k.text.toLowerCase());
  // The trie: per state its children as flat [code, state, …] (words are lower-case). Arrays,
  // not Maps, and native row copies below: this runs cold in every thread (~24 → ~15 ms).
  const kids: number[][] = [[]];
  const own: number[][] = [[]];
  words.forEach((w, wi) => {
    let s = 0;
    for (let j = 0; j < w.length; j++) {
      const c = w.charCodeAt(j) & 0xff;
      const ks = kids[s]!;
      let t = -1;
      for (let i = 0; i < ks.length; i += 2) {
        if (ks[i] === c) {
          t = ks[i + 1]!;
          break;
        }
      }
      if (t < 0) {
        t = kids.length;
        ks.push(c, t);
        kids.push([]);
        own.push([]);
      }
      s = t;
    }
    own[s]!.push(wi);
  });
  const n = kids.length;
  const delta = new Int32Array(n * 256);
  const out: number[][] = new Array<number[]>(n);
  const fail = new Int32Array(n);
  out[0] = own[0]!;
  const cell = (t: number) => (out[t]!.length ? ~(t * 256) : t * 256);
  const target = (v: number) => (v < 0 ? ~v : v) >> 8;
  const queue: number[] = [0];
  for (let qi = 0; qi < queue.length; qi++) {
    const s = queue[qi]!;
    const row = s * 256;
    if (s !== 0) delta.copyWithin(row, fail[s]! * 256, fail[s]! * 256 + 256);
    const ks = kids[s]!;
    for (let i = 0; i < ks.length; i += 2) {
      const c = ks[i]!;
      const t = ks[i + 1]!;
      // The fail of a child: where the fail state goes on c (the root's children fail to it).
      fail[t] = s === 0 ? 0 : target(delta[fail[s]! * 256 + c]!);
      // Every state of lower depth is already in the queue, so out[fail] is final.
      out[t] = own[t]!.concat(out[fail[t]!]!);
      delta[row + c] = cell(t);
      queue.push(t);
    }
    // Columns A-Z are a-z's.
    delta.copyWithin(row + 0x41, row + 0x61, row + 0x7b);
  }
  return { delta, out };
}
