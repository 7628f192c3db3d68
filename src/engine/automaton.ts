// The Aho-Corasick automaton behind the keyword pass: a dense DFA over ASCII-case-folded
// bytes (Int32Array, 256 columns per state, premultiplied). Its inner loop is one table load
// per byte, and each load waits for the one before (the next state needs this one): the CPU
// is mostly idle in between. So a block is cut into LANES lanes walked in one loop, four
// independent chains of loads, each lane starting `overlap` bytes early (the longest keyword
// less one) so that no keyword across a lane boundary is missed, and reporting only accepts
// at or after its own start: the same accepts, in the same order, as one walk.
import type { Keyword } from './prefilter.js';

export type OnAccept = (end: number, state: number) => void;

const LANES = 4;
/** Bytes of one lane in a block: accepts of lanes 1-3 wait for lane 0's, at most this many. */
const LANE = 1 << 16;
/** Shorter texts (or longer keywords) are walked by one chain: lanes would not pay. */
const MIN_LANE = 2048;

/** Where lanes 1-3 hold their accepts; made once per automaton (1.5 MB), reused by every text. */
export class Held {
  private lanes: Int32Array[] | undefined;
  constructor(private readonly overlap: number) {}
  get(): Int32Array[] {
    return (this.lanes ??= [0, 1, 2].map(() => new Int32Array(2 * (LANE + this.overlap))));
  }
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
  const lanesHeld = held.get();
  for (let at = 0; at < n; ) {
    const quarter = Math.min(LANE, Math.floor((n - at) / LANES));
    if (quarter < MIN_LANE) {
      walk(delta, bytes, Math.max(0, at - overlap), at, n, found);
      return;
    }
    lanes(delta, bytes, at, quarter, overlap, found, lanesHeld);
    at += quarter * LANES;
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
 * Four lanes of `quarter` bytes from `at`: lane k owns [at + k·quarter, at + (k+1)·quarter)
 * and starts `overlap` earlier (lane 0 too, except at the text's start). Lane 0 reports as it
 * goes; lanes 1-3 hold theirs (end, state pairs) until the block is walked.
 */
function lanes(delta: Int32Array, bytes: Uint8Array, at: number, quarter: number, overlap: number, found: OnAccept, held: Int32Array[]): void {
  const o1 = at + quarter;
  const o2 = o1 + quarter;
  const o3 = o2 + quarter;
  const end = o3 + quarter;
  const h1 = held[0]!;
  const h2 = held[1]!;
  const h3 = held[2]!;
  let n1 = 0;
  let n2 = 0;
  let n3 = 0;
  let i0 = Math.max(0, at - overlap);
  let i1 = o1 - overlap;
  let i2 = o2 - overlap;
  let i3 = o3 - overlap;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  // lanes 1-3 all walk quarter + overlap bytes; lane 0 as many or fewer (at the start)
  for (const stop = o1; i0 < stop; i0++, i1++, i2++, i3++) {
    s0 = delta[s0 + bytes[i0]!]!;
    s1 = delta[s1 + bytes[i1]!]!;
    s2 = delta[s2 + bytes[i2]!]!;
    s3 = delta[s3 + bytes[i3]!]!;
    if ((s0 | s1 | s2 | s3) >= 0) continue;
    if (s0 < 0) (s0 = ~s0), i0 >= at && found(i0, s0);
    if (s1 < 0) (s1 = ~s1), i1 >= o1 && ((h1[n1++] = i1), (h1[n1++] = s1));
    if (s2 < 0) (s2 = ~s2), i2 >= o2 && ((h2[n2++] = i2), (h2[n2++] = s2));
    if (s3 < 0) (s3 = ~s3), i3 >= o3 && ((h3[n3++] = i3), (h3[n3++] = s3));
  }
  // what lane 0's shorter walk left of the others (only in a text's first block)
  for (; i1 < o2; i1++) if ((s1 = delta[s1 + bytes[i1]!]!) < 0) (s1 = ~s1), i1 >= o1 && ((h1[n1++] = i1), (h1[n1++] = s1));
  for (; i2 < o3; i2++) if ((s2 = delta[s2 + bytes[i2]!]!) < 0) (s2 = ~s2), i2 >= o2 && ((h2[n2++] = i2), (h2[n2++] = s2));
  for (; i3 < end; i3++) if ((s3 = delta[s3 + bytes[i3]!]!) < 0) (s3 = ~s3), i3 >= o3 && ((h3[n3++] = i3), (h3[n3++] = s3));
  for (let k = 0; k < n1; k += 2) found(h1[k]!, h1[k + 1]!);
  for (let k = 0; k < n2; k += 2) found(h2[k]!, h2[k + 1]!);
  for (let k = 0; k < n3; k += 2) found(h3[k]!, h3[k + 1]!);
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
  // The trie, children by character code (words are lower-case).
  const children: Array<Map<number, number>> = [new Map()];
  const own: number[][] = [[]];
  words.forEach((w, wi) => {
    let s = 0;
    for (let j = 0; j < w.length; j++) {
      const c = w.charCodeAt(j) & 0xff;
      let t = children[s]!.get(c);
      if (t === undefined) {
        t = children.length;
        children[s]!.set(c, t);
        children.push(new Map());
        own.push([]);
      }
      s = t;
    }
    own[s]!.push(wi);
  });
  const n = children.length;
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
    for (const [c, t] of children[s]!) {
      // The fail of a child: where the fail state goes on c (the root's children fail to it).
      fail[t] = s === 0 ? 0 : target(delta[fail[s]! * 256 + c]!);
      // Every state of lower depth is already in the queue, so out[fail] is final.
      out[t] = own[t]!.concat(out[fail[t]!]!);
      delta[row + c] = cell(t);
      queue.push(t);
    }
    for (let c = 0x41; c <= 0x5a; c++) delta[row + c] = delta[row + c + 32]!;
  }
  return { delta, out };
}
