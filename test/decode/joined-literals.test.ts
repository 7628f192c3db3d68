// Reading one expression of adjacent literals: what joins, what stops a join, and where
// each joined character came from.
import { describe, expect, test } from '@jest/globals';
import { joinAt, MAX_JOINED } from '../../src/decode/joined-literals.js';

const always = () => true;
const noVars = { get: () => undefined };

describe('joinAt', () => {
  test('joins "a" + \'b\' and maps every joined character to its source character', () => {
    const text = `x = "ab\\"c" + 'de';`;
    const { joined, next } = joinAt(text, 4, noVars, always);
    expect(joined!.text).toBe('ab\\"cde');
    expect(joined!.from.map((o) => text[o]).join('')).toBe('ab\\"cde');
    expect(joined!.seams).toEqual([5]);
    expect([joined!.start, joined!.end, next]).toEqual([4, text.length - 1, text.length - 1]);
  });

  test('a second +, an operator or a newline inside a literal stops the join', () => {
    expect(joinAt(`"ab" + + "cd"`, 0, noVars, always).joined).toBeNull();
    expect(joinAt(`"ab" - "cd"`, 0, noVars, always).joined).toBeNull();
    expect(joinAt(`"ab" + "c\nd"`, 0, noVars, always).joined).toBeNull();
    expect(joinAt(`"ab" += "cd"`, 0, noVars, always).joined).toBeNull();
  });

  test('a template substitution that is not a literal ends the expression; "$X" of an unknown variable too', () => {
    expect(joinAt('`ab${x}cd` + "ef"', 0, noVars, always).joined).toBeNull();
    expect(joinAt('"$X""cd"', 0, noVars, always).joined).toBeNull();
    const vars = { get: (n: string) => (n === 'X' ? 'ab' : undefined) };
    const { joined } = joinAt('"$X""cd"', 0, vars, always);
    expect(joined!.text).toBe('abcd');
    expect([joined!.from[0], joined!.to[0], joined!.from[2]]).toEqual([1, 3, 5]);
  });

  test(`a join is cut before it grows over ${MAX_JOINED} characters; keep() decides`, () => {
    const big = 'x'.repeat(MAX_JOINED - 2);
    expect(joinAt(`"ab" "${big}" "cd"`, 0, noVars, always).joined!.text).toBe(`ab${big}`);
    // refused: reading goes on after the whole expression, its pieces are not read again
    expect(joinAt(`"ab" "cd"`, 0, noVars, () => false)).toEqual({ joined: null, next: 9 });
  });

  test('an opening quote with no close for 2 KB is skipped past in one step (no quadratic retry)', () => {
    const text = `"${'a'.repeat(5000)}`;
    expect(joinAt(text, 0, noVars, always)).toEqual({ joined: null, next: 2048 });
  });
});
