// Hits of a mapped view moved back to the original text, and the pre-commit line filter.
import { expect, test } from '@jest/globals';
import { placeViewHits } from '../../src/decode/view-map.js';
import type { Hit, ViewOrigin } from '../../src/types.js';

const hit = (line: number, column: number, endColumn: number): Hit =>
  ({ ruleId: 'r', ruleName: 'r', severity: 'high', secret: 's', match: 's', entropy: 4, fingerprint: 'f', span: { line, column, endLine: line, endColumn } }) as Hit;

// view "x\nABCD" where view offset k of "ABCD" came from original offset 10 + 2k
const original = `0123456789\nA.B.C.D\n`;
const origin: ViewOrigin = { original, toOrig: (v, end) => (v < 2 ? v : end ? 11 + 2 * (v - 3) + 1 : 11 + 2 * (v - 2)) };

test('a span is moved to the source characters of its first and last view characters', () => {
  expect(placeViewHits([hit(2, 1, 5)], 'x\nABCD', origin)[0]!.span).toEqual({ line: 2, column: 1, endLine: 2, endColumn: 8 });
});

test('without an origin hits stay; with counted lines, hits starting elsewhere are dropped', () => {
  const h = [hit(2, 1, 5)];
  expect(placeViewHits(h, 'x\nABCD', undefined)).toBe(h);
  expect(placeViewHits(h, 'x\nABCD', { ...origin, lines: [1] })).toEqual([]);
  expect(placeViewHits(h, 'x\nABCD', { ...origin, lines: [2] })).toHaveLength(1);
});
