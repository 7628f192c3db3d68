// The automaton's walk (automaton.ts) in WebAssembly: the same four lanes and the same
// accepts, about twice as fast. The JS loop pays a bounds check on each of its two loads per
// byte; WebAssembly's loads into its own memory need none (guard pages), and the loop is
// what is left. The module is a few hundred bytes written out below, not a build artefact:
// nothing to compile or ship beside the sources. Where WebAssembly is missing (`--jitless`),
// create() says so and the JS walk runs.
import type { OnAccept } from './automaton.js';

/** Bytes of one lane in a block (a quarter of what is copied in per call). */
export const WASM_LANE = 1 << 14;
/** Shorter texts and tails are walked by one chain, as in the JS walk. */
const MIN_LANE = 48;
/** An accept as the module writes it: lane, byte address, next state (as a byte offset). */
const RECORD = 12;

// ---- the module: two functions over one memory, encoded by hand ----------------------------

const I32 = 0x7f;
const uleb = (n: number): number[] => {
  const o: number[] = [];
  do {
    const b = n & 0x7f;
    n >>>= 7;
    o.push(n ? b | 0x80 : b);
  } while (n);
  return o;
};
const sleb = (n: number): number[] => {
  const o: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...o, b];
    o.push(b | 0x80);
  }
};
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => vec([...s].map((c) => [c.charCodeAt(0)]));
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const get = (i: number) => [0x20, i];
const set = (i: number) => [0x21, i];
const tee = (i: number) => [0x22, i];
const konst = (n: number) => [0x41, ...sleb(n)];
const [ADD, OR, XOR, SHL, LT_S, LT_U] = [0x6a, 0x72, 0x73, 0x74, 0x48, 0x49];
const load32 = [0x28, 2, 0];
const load8 = [0x2d, 0, 0];
const store32 = (offset: number) => [0x36, 2, offset];
const [LOOP, IF, END, BR_IF] = [0x03, 0x04, 0x0b, 0x0d];
const VOID = 0x40;

/** s = delta[s + byte at p]: the table holds byte offsets, so one shift and two loads. */
const step = (p: number, s: number) => [...get(s), ...get(p), ...load8, ...konst(2), SHL, ADD, ...load32, ...set(s)];
const bump = (p: number) => [...get(p), ...konst(1), ADD, ...set(p)];

/** If state local `s` is an accept: write (lane, p, ~s) at local `out`, advance it, make s plain. */
const record = (lane: number, p: number, s: number, out: number) => [
  ...get(s), ...konst(0), LT_S, IF, VOID,
  ...get(out), ...konst(lane), ...store32(0),
  ...get(out), ...get(p), ...store32(4),
  ...get(out), ...get(s), ...konst(-1), XOR, ...tee(s), ...store32(8),
  ...get(out), ...konst(RECORD), ADD, ...set(out),
  END,
];

/** walk1(p, end, out) → out's end: one chain from the root over [p, end). */
const walk1 = [
  ...vec([[1, I32]]), // s
  LOOP, VOID, ...step(0, 3), ...record(0, 0, 3, 2), ...bump(0), ...get(0), ...get(1), LT_U, BR_IF, 0, END,
  ...get(2), END,
];

/** walk4(p0, p1, p2, p3, end0, out) → out's end: four chains in step until p0 reaches end0. */
const walk4 = [
  ...vec([[4, I32]]), // s0..s3 = locals 6..9
  LOOP, VOID,
  ...step(0, 6), ...step(1, 7), ...step(2, 8), ...step(3, 9),
  ...get(6), ...get(7), OR, ...get(8), OR, ...get(9), OR, ...konst(0), LT_S, IF, VOID,
  ...record(0, 0, 6, 5), ...record(1, 1, 7, 5), ...record(2, 2, 8, 5), ...record(3, 3, 9, 5),
  END,
  ...bump(0), ...bump(1), ...bump(2), ...bump(3),
  ...get(0), ...get(4), LT_U, BR_IF, 0,
  END,
  ...get(5), END,
];

function moduleBytes(): Uint8Array {
  const fn = (params: number, body: number[]) => ({ type: [0x60, ...vec(Array.from({ length: params }, () => [I32])), 1, I32], body });
  const fns = [fn(3, walk1), fn(6, walk4)];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
    ...section(1, vec(fns.map((f) => f.type))),
    // (import "m" "memory" (memory 1)): each automaton sizes its own
    ...section(2, vec([[...name('m'), ...name('memory'), 0x02, 0x00, 1]])),
    ...section(3, vec(fns.map((_, i) => [i]))),
    ...section(7, vec([[...name('walk1'), 0, 0], [...name('walk4'), 0, 1]])),
    ...section(10, vec(fns.map((f) => [...uleb(f.body.length), ...f.body]))),
  ]);
}

/** What is used of the WebAssembly global (typed here: the project's lib has no DOM types). */
interface Wasm {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (mod: WasmModule, imports: object) => { exports: unknown };
  Memory: new (limits: { initial: number }) => { buffer: ArrayBuffer };
}
type WasmModule = { readonly kind?: 'wasm module' };
/** Absent under `node --jitless`. */
const wasm = (globalThis as { WebAssembly?: Wasm }).WebAssembly;

let compiled: WasmModule | null | undefined;

/** The module, compiled once per thread; null where WebAssembly is not available. */
function laneModule(): WasmModule | null {
  if (compiled !== undefined) return compiled;
  try {
    compiled = wasm ? new wasm.Module(moduleBytes()) : null;
  } catch {
    compiled = null;
  }
  return compiled;
}

// ---- the walk over a text, block by block through the module's memory -----------------------

interface Exports {
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
    const end = this.output + RECORD * 4 * (WASM_LANE + overlap) + 64;
    const memory = new wasm!.Memory({ initial: Math.ceil(end / 65536) });
    this.fns = new wasm!.Instance(mod, { m: { memory } }).exports as Exports;
    this.heap = new Uint8Array(memory.buffer);
    this.words = new Int32Array(memory.buffer);
    // the DFA with each cell a byte offset (state · 1024), an accept still complemented
    for (let i = 0; i < delta.length; i++) {
      const v = delta[i]!;
      this.words[i] = v < 0 ? ~(~v << 2) : v << 2;
    }
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
