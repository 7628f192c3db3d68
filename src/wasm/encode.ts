// A few WebAssembly functions written out as bytes: the byte loops every scanned byte goes
// through (the keyword automaton's walk, the base64 gate) run there about twice as fast as
// in JS, whose typed-array loads each pay a bounds check. The module format is small enough
// to write directly (the core specification's "Binary Format" chapter): no toolchain, no
// build step, nothing to ship beside the sources. Every function here takes and returns
// i32 and works on one memory that the caller creates and sizes.
//
// Where WebAssembly is missing (`node --jitless`), compile() returns null and the caller
// runs its JS loop instead, with the same results (tests run both).

const I32 = 0x7f;

export function uleb(n: number): number[] {
  const o: number[] = [];
  do {
    const b = n & 0x7f;
    n >>>= 7;
    o.push(n ? b | 0x80 : b);
  } while (n);
  return o;
}

function sleb(n: number): number[] {
  const o: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...o, b];
    o.push(b | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => vec([...s].map((c) => [c.charCodeAt(0)]));
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

/** Instructions, as byte sequences to spread into a function body. */
export const get = (local: number) => [0x20, local];
export const set = (local: number) => [0x21, local];
export const tee = (local: number) => [0x22, local];
export const konst = (n: number) => [0x41, ...sleb(n)];
/** i32.load8_u / i32.load / i32.store with a constant offset added to the address. */
export const load8 = (offset = 0) => [0x2d, 0, ...uleb(offset)];
export const load32 = (offset = 0) => [0x28, 2, ...uleb(offset)];
export const store32 = (offset = 0) => [0x36, 2, ...uleb(offset)];
export const call = (fn: number) => [0x10, ...uleb(fn)];
export const br = (depth: number) => [0x0c, depth];
export const brIf = (depth: number) => [0x0d, depth];
/** Structured control: each opens a block without a result, closed by END. */
export const [BLOCK, LOOP, IF] = [
  [0x02, 0x40],
  [0x03, 0x40],
  [0x04, 0x40],
];
export const [END, RETURN, SELECT] = [0x0b, 0x0f, 0x1b];
export const [EQZ, EQ, LT_S, LT_U, GT_U, GE_S, GE_U] = [0x45, 0x46, 0x48, 0x49, 0x4b, 0x4e, 0x4f];
export const [ADD, SUB, OR, XOR, SHL] = [0x6a, 0x6b, 0x72, 0x73, 0x74];

export interface WasmFunction {
  /** Exported under this name; unexported when absent (called by index). */
  name?: string;
  params: number;
  locals: number;
  /** The instructions, END included. */
  body: number[];
}

/** A module of `fns` (i32 params, one i32 result each) over an imported memory `m.memory`. */
export function moduleBytes(fns: readonly WasmFunction[]): Uint8Array {
  const types = fns.map((f) => [0x60, ...vec(Array.from({ length: f.params }, () => [I32])), 1, I32]);
  const exports = fns.flatMap((f, i) => (f.name ? [[...name(f.name), 0x00, ...uleb(i)]] : []));
  const code = fns.map((f) => {
    const body = [...vec(f.locals ? [[...uleb(f.locals), I32]] : []), ...f.body];
    return [...uleb(body.length), ...body];
  });
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
    ...section(1, vec(types)),
    ...section(2, vec([[...name('m'), ...name('memory'), 0x02, 0x00, 1]])),
    ...section(3, vec(fns.map((_, i) => uleb(i)))),
    ...section(7, vec(exports)),
    ...section(10, vec(code)),
  ]);
}

/** What is used of the WebAssembly global (typed here: the project's lib has no DOM types). */
interface Wasm {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (mod: WasmModule, imports: object) => { exports: unknown };
  Memory: new (limits: { initial: number }) => { buffer: ArrayBuffer };
}
export type WasmModule = { readonly kind?: 'wasm module' };
/** Absent under `node --jitless`. */
const wasm = (globalThis as { WebAssembly?: Wasm }).WebAssembly;

/**
 * The module compiled, or null where WebAssembly is not available. A module that does not
 * validate throws: that is a bug here, not something to fall back from in silence.
 */
export function compile(fns: readonly WasmFunction[]): WasmModule | null {
  return wasm ? new wasm.Module(moduleBytes(fns)) : null;
}

/** An instance of `mod` with a memory of at least `bytes`, and that memory. */
export function instantiate<E>(mod: WasmModule, bytes: number): { exports: E; memory: ArrayBuffer } {
  const memory = new wasm!.Memory({ initial: Math.ceil(bytes / 65536) });
  return { exports: new wasm!.Instance(mod, { m: { memory } }).exports as E, memory: memory.buffer };
}
