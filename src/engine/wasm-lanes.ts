// The automaton's walk (automaton.ts) in WebAssembly (../wasm/encode.ts): the same four
// lanes and the same accepts, about twice as fast. Each block of a text is copied into the
// module's memory, walked there, and its accepts read back lane by lane.
import { eachAccept, Held, type OnAccept } from './automaton.js';
import { ADD, BLOCK, END, GE_U, IF, LOOP, LT_S, LT_U, OR, SELECT, SHL, XOR, br, brIf, compile, get, instantiate, konst, load32, load8, set, store32, tee, type WasmModule } from '../wasm/encode.js';

/** Bytes of one lane in a block (a quarter of what is copied in per call). */
export const WASM_LANE = 1 << 14;
/**
 * Lanes of fewer bytes are not worth starting (each also walks `overlap` bytes before its
 * own): texts and tails shorter than four are walked by one chain. Lower than the JS walk's,
 * because a call into the module costs little: on 1.5 kB texts the walk took 2.6x less time
 * than one chain. A keyword as long as this raises it for its automaton.
 */
const MIN_LANE = 64;
/** An accept as the module writes it: lane, byte address, next state (as a byte offset). */
const RECORD = 12;

/**
 * s = delta[s + byte at p], the table at address 0 holding byte offsets (state · 1024): the
 * byte's shift is off the chain of loads that one state waits for from the one before (with
 * buildAutomaton's own cells, the shift after the add was ~1.3x slower).
 */
const step = (p: number, s: number) => [...get(s), ...get(p), ...load8(), ...konst(2), SHL, ADD, ...load32(), ...set(s)];
const bump = (p: number) => [...get(p), ...konst(1), ADD, ...set(p)];

/** scale(end): buildAutomaton's cells in [0, end) made byte offsets (×4), accepts still complemented. Locals 1 i, 2 v. */
const scale = [
  ...BLOCK, ...LOOP,
  ...get(1), ...get(0), GE_U, ...brIf(1),
  ...get(1), ...get(1), ...load32(), ...set(2),
  ...get(2), ...konst(-1), XOR, ...konst(2), SHL, ...konst(-1), XOR,
  ...get(2), ...konst(2), SHL,
  ...get(2), ...konst(0), LT_S, SELECT, ...store32(),
  ...get(1), ...konst(4), ADD, ...set(1), ...br(0),
  END, END,
  ...konst(0), END,
];

/** If state local `s` is an accept: write (lane, p, ~s) at local `out`, advance it, make s plain. */
const record = (lane: number, p: number, s: number, out: number) => [
  ...get(s), ...konst(0), LT_S, ...IF,
  ...get(out), ...konst(lane), ...store32(0),
  ...get(out), ...get(p), ...store32(4),
  ...get(out), ...get(s), ...konst(-1), XOR, ...tee(s), ...store32(8),
  ...get(out), ...konst(RECORD), ADD, ...set(out),
  END,
];

/** walk1(p, end, out) → out's end: one chain from the root over [p, end). Local 3: s. */
const walk1 = [
  ...LOOP, ...step(0, 3), ...record(0, 0, 3, 2), ...bump(0), ...get(0), ...get(1), LT_U, ...brIf(0), END,
  ...get(2), END,
];

/** walk4(p0, p1, p2, p3, end0, out) → out's end: four chains in step until p0 reaches end0. Locals 6-9: s0-s3. */
const walk4 = [
  ...LOOP,
  ...step(0, 6), ...step(1, 7), ...step(2, 8), ...step(3, 9),
  ...get(6), ...get(7), OR, ...get(8), OR, ...get(9), OR, ...konst(0), LT_S, ...IF,
  ...record(0, 0, 6, 5), ...record(1, 1, 7, 5), ...record(2, 2, 8, 5), ...record(3, 3, 9, 5),
  END,
  ...bump(0), ...bump(1), ...bump(2), ...bump(3),
  ...get(0), ...get(4), LT_U, ...brIf(0),
  END,
  ...get(5), END,
];

/** A walk over bytes reporting the automaton's accepts, as eachAccept() does. */
export type LaneWalk = (bytes: Uint8Array, found: OnAccept) => void;

/** The walk of `delta`: in WebAssembly where it runs, else automaton.ts's JS lanes. */
export function laneWalk(delta: Int32Array, overlap: number): LaneWalk {
  const wasm = WasmLanes.create(delta, overlap);
  if (wasm) return (bytes, found) => wasm.eachAccept(bytes, found);
  const held = new Held(overlap);
  return (bytes, found) => eachAccept(delta, bytes, overlap, held, found);
}

let compiled: WasmModule | null | undefined;

/** The module, compiled once per thread; null where WebAssembly is not available. */
function laneModule(): WasmModule | null {
  if (compiled === undefined) {
    compiled = compile([
      { name: 'walk1', params: 3, locals: 1, body: walk1 },
      { name: 'walk4', params: 6, locals: 4, body: walk4 },
      { name: 'scale', params: 1, locals: 2, body: scale },
    ]);
  }
  return compiled;
}

interface Exports {
  scale(end: number): number;
  walk1(p: number, end: number, out: number): number;
  walk4(p0: number, p1: number, p2: number, p3: number, end0: number, out: number): number;
}

export class WasmLanes {
  private readonly fns: Exports;
  private readonly heap: Uint8Array;
  private readonly words: Int32Array;
  /** Where a block's bytes are copied in, and where accepts come out. */
  private readonly input: number;
  private readonly output: number;
  /** MIN_LANE, or more: a lane must be longer than the bytes it walks before its own. */
  private readonly minLane: number;

  private constructor(mod: WasmModule, delta: Int32Array, private readonly overlap: number) {
    this.minLane = Math.max(MIN_LANE, overlap + 1);
    this.input = delta.byteLength;
    // records are read as words: their region starts aligned
    this.output = (this.input + 4 * WASM_LANE + overlap + 64) & ~63;
    // every byte of a block could end a keyword in its lane: room for all of them
    const { exports, memory } = instantiate<Exports>(mod, this.output + RECORD * 4 * (WASM_LANE + overlap) + 64);
    this.fns = exports;
    this.heap = new Uint8Array(memory);
    this.words = new Int32Array(memory);
    // copied natively, scaled in the module: a JS loop over its ~870k cells ran cold, ~10 ms
    this.words.set(delta);
    this.fns.scale(delta.byteLength);
  }

  /** A walker for `delta` (buildAutomaton's), or undefined: no WebAssembly, or a keyword longer than a lane. */
  static create(delta: Int32Array, overlap: number): WasmLanes | undefined {
    const mod = overlap < WASM_LANE ? laneModule() : null;
    return mod ? new WasmLanes(mod, delta, overlap) : undefined;
  }

  /** eachAccept() of automaton.ts: the same accepts, in the same order. */
  eachAccept(bytes: Uint8Array, found: OnAccept): void {
    const n = bytes.length;
    const overlap = this.overlap;
    if (n < 4 * this.minLane) return this.chain(bytes, 0, 0, n, found);
    this.chain(bytes, 0, 0, overlap, found);
    for (let at = overlap; at < n; ) {
      const quarter = Math.min(WASM_LANE, Math.floor((n - at) / 4));
      if (quarter < this.minLane) return this.chain(bytes, at - overlap, at, n, found);
      this.block(bytes, at, quarter, found);
      at += 4 * quarter;
    }
  }

  /** One chain from the root at `start` to `end` (at most a block), accepts at or after `from`. */
  private chain(bytes: Uint8Array, start: number, from: number, end: number, found: OnAccept): void {
    if (end <= start) return;
    this.heap.set(bytes.subarray(start, end), this.input);
    const stop = this.fns.walk1(this.input, this.input + end - start, this.output);
    for (let r = this.output >> 2; r < stop >> 2; r += 3) {
      const i = start + this.words[r + 1]! - this.input;
      if (i >= from) found(i, this.words[r + 2]! >> 2);
    }
  }

  /** Four lanes of `quarter` bytes from `at`, each starting `overlap` early; lane by lane. */
  private block(bytes: Uint8Array, at: number, quarter: number, found: OnAccept): void {
    const from = at - this.overlap;
    const base = this.input;
    this.heap.set(bytes.subarray(from, at + 4 * quarter), base);
    const f = this.fns;
    const stop = f.walk4(base, base + quarter, base + 2 * quarter, base + 3 * quarter, base + quarter + this.overlap, this.output) >> 2;
    if (stop === this.output >> 2) return;
    const w = this.words;
    for (let lane = 0; lane < 4; lane++) {
      // a lane's own bytes start `overlap` after where it started walking
      const own = base + lane * quarter + this.overlap;
      for (let r = this.output >> 2; r < stop; r += 3) {
        if (w[r] === lane && w[r + 1]! >= own) found(from + w[r + 1]! - base, w[r + 2]! >> 2);
      }
    }
  }
}
