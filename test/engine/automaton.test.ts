// The lanes of the automaton's walk report exactly what one walk would, in the same order:
// every keyword occurrence, also across a lane or block boundary, at its end offset. Both
// walks: the JS loop and the WebAssembly one (wasm-lanes.ts), whose blocks are smaller.
import { describe, expect, test } from '@jest/globals';
import { buildAutomaton, eachAccept, Held, MIN_LANE, type OnAccept } from '../../src/engine/automaton.js';
import { WASM_LANE, WasmLanes } from '../../src/engine/wasm-lanes.js';

type Walk = (delta: Int32Array, text: Buffer, overlap: number, found: OnAccept) => void;
/** Each walk with its lane size and the shortest lane it starts. */
const walks: Array<[string, Walk, number, number]> = [
  ['js', (delta, text, overlap, found) => eachAccept(delta, text, overlap, new Held(overlap), found), 65536, MIN_LANE],
  ['wasm', (delta, text, overlap, found) => WasmLanes.create(delta, overlap)!.eachAccept(text, found), WASM_LANE, 64],
];

/** Every (end, keyword) a naive search finds, in end order, keywords ending together by index. */
function naive(text: Buffer, words: string[]): Array<[number, number]> {
  const lower = text.toString('latin1').toLowerCase();
  const out: Array<[number, number]> = [];
  words.forEach((w, wi) => {
    for (let at = lower.indexOf(w); at >= 0; at = lower.indexOf(w, at + 1)) out.push([at + w.length - 1, wi]);
  });
  return out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

function accepts(walk: Walk, text: Buffer, words: string[]): Array<[number, number]> {
  const { delta, out } = buildAutomaton(words.map((text) => ({ text, ignoreCase: true })));
  const overlap = Math.max(...words.map((w) => w.length - 1));
  const got: Array<[number, number]> = [];
  const ends: number[] = [];
  walk(delta, text, overlap, (end, state) => {
    ends.push(end);
    for (const wi of [...out[state >> 8]!].sort((a, b) => a - b)) got.push([end, wi]);
  });
  expect(ends).toEqual([...ends].sort((a, b) => a - b)); // in order, as one walk reports them
  return got;
}

type Mode = 'across' | 'ending before' | 'starting at';

/** Random lower-case filler with a word at every offset in `around`: across it, ending just before it, or starting at it. */
function planted(size: number, words: string[], around: number[], mode: Mode): Buffer {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = 0x61 + ((i * 7919 + (i >> 3) * 104729) % 26);
  around.forEach((at, k) => {
    const w = words[k % words.length]!;
    const start = mode === 'starting at' ? at : mode === 'ending before' ? at - w.length : at - 1 - (k % (w.length - 1));
    b.write(k % 2 ? w.toUpperCase() : w, Math.max(0, Math.min(size - w.length, start)), 'latin1');
  });
  return b;
}

describe.each(walks)('eachAccept (%s)', (_walk, walk, lane, minLane) => {
  const words = ['secret', 'aws_secret_access_key', 'key', 'akia', 'ghp_', 'token', 'se'];

  test.each([
    ['shorter than four lanes (one walk)', 4 * minLane - 1],
    ['one block of four lanes', 4 * minLane + 3],
    ['one block of four lanes, a few KB', 5000],
    ['several blocks, a short tail', 4 * lane * 2 + 4 * minLane * 3 + 7],
    ['a tail walked alone', 4 * lane + 1000],
  ])('%s: the same accepts as a naive search', (_name, size) => {
    // lanes start after the first `overlap` bytes (walked alone), then every quarter
    const overlap = Math.max(...words.map((w) => w.length - 1));
    const q = Math.min(lane, Math.floor((size - overlap) / 4));
    // lane and block starts (the first block's, the second's), a tail, the text's ends
    const starts = [0, q, 2 * q, 3 * q, 4 * q, 5 * q, 6 * q, 7 * q, 8 * q].map((x) => overlap + x);
    const seams = [...starts, size - 9].filter((x) => x > 0 && x < size);
    for (const mode of ['across', 'ending before', 'starting at'] as const) {
      const text = planted(size, words, seams, mode);
      const want = naive(text, words);
      expect(want.length).toBeGreaterThanOrEqual(seams.length);
      expect([mode, accepts(walk, text, words)]).toEqual([mode, want]);
    }
  });

  test('a text where every byte ends a keyword in every lane: all of them, none dropped', () => {
    // a full block of the WebAssembly walk: its room for accepts is what is tested
    const text = Buffer.from('a'.repeat(4 * WASM_LANE + 4 * minLane + 5), 'latin1');
    const got = accepts(walk, text, ['a', 'aa']);
    // 'a' ends at every byte, 'aa' at every byte but the first, in that order
    const wrong = got.findIndex(([end, wi], i) => end !== (i + 1) >> 1 || wi !== (i === 0 ? 0 : (i + 1) & 1));
    expect([got.length, wrong]).toEqual([2 * text.length - 1, -1]);
  });

  test('a keyword longer than a lane can start early: longer lanes or one walk, still everything', () => {
    const long = 'x'.repeat(MIN_LANE + 52) + 'needle';
    const text = planted(4 * 4096, [long, 'needle'], [2200, 5000, 9000], 'across');
    expect(accepts(walk, text, [long, 'needle'])).toEqual(naive(text, [long, 'needle']));
  });
});

test('a keyword as long as a WebAssembly lane: no WebAssembly walk (the JS one runs)', () => {
  const { delta } = buildAutomaton([{ text: 'k'.repeat(WASM_LANE + 1), ignoreCase: true }]);
  expect(WasmLanes.create(delta, WASM_LANE)).toBeUndefined();
  expect(WasmLanes.create(delta, WASM_LANE - 1)).toBeInstanceOf(WasmLanes);
});
