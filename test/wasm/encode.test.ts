// The hand-written module format: integers as LEB128, and a module that validates and runs.
import { describe, expect, test } from '@jest/globals';
import { ADD, BLOCK, END, GE_U, LOOP, br, brIf, call, compile, get, instantiate, konst, load8, set, uleb } from '../../src/wasm/encode.js';

describe('wasm encode', () => {
  test('unsigned LEB128: seven bits a byte, low first', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
  });

  test('a module of two functions over its memory: exported runs, unexported is called by index', () => {
    // sum(from, to): bytes in [from, to) added up; twice(x) = sum(x, x+2) + const -300 + 300
    const sum = [
      ...BLOCK, ...LOOP,
      ...get(0), ...get(1), GE_U, ...brIf(1),
      ...get(2), ...get(0), ...load8(), ADD, ...set(2),
      ...get(0), ...konst(1), ADD, ...set(0), ...br(0),
      END, END,
      ...get(2), END,
    ];
    const viaCall = [...get(0), ...get(0), ...konst(2), ADD, ...call(0), ...konst(-300), ADD, ...konst(300), ADD, END];
    const mod = compile([
      { params: 2, locals: 1, body: sum },
      { name: 'two', params: 1, locals: 0, body: viaCall },
    ]);
    expect(mod).not.toBeNull();
    const { exports, memory } = instantiate<{ two(at: number): number }>(mod!, 70_000);
    expect(memory.byteLength).toBe(2 * 65536);
    new Uint8Array(memory).set([200, 100, 50], 65_600);
    expect(exports.two(65_600)).toBe(300);
    expect(exports.two(65_601)).toBe(150);
  });

  test('a module that does not validate throws: no silent fall-back to JS', () => {
    expect(() => compile([{ name: 'bad', params: 0, locals: 0, body: [ADD, END] }])).toThrow();
  });
});
