// Offsets of a mapped view back to the original, and hits moved to the original's lines.
import { describe, expect, test } from '@jest/globals';
import { OffsetMap, ViewBuilder, originOf, placeViewHits } from '../../src/decode/view-map.js';
import type { Hit } from '../../src/types.js';

function hit(span: Hit['span']): Hit {
  return { ruleId: 'r', ruleName: 'r', severity: 'high', secret: 's', match: 's', entropy: 4, fingerprint: 'f', span, parts: [{ ruleId: 'r', role: 'secret', secret: 's', fingerprint: 'f', span }] };
}

describe('OffsetMap', () => {
  test('copied text shifts; inside a piece without an inner map: its start, or its end for an end', () => {
    const b = new ViewBuilder('ab&#65;cd&#66;e');
    b.replace(2, 7, 'A');
    b.replace(9, 14, 'B');
    const { text, map } = b.finish();
    expect(text).toBe('abAcdBe');
    expect([0, 1, 2, 3, 4, 5, 6].map((v) => map.toOrig(v))).toEqual([0, 1, 2, 7, 8, 9, 14]);
    expect(map.toOrig(3, true)).toBe(7); // end right after A
    expect(map.toOrig(2, true)).toBe(2); // end right before A stays before it
    expect(new OffsetMap([]).toOrig(5)).toBe(5);
  });
});

describe('placeViewHits', () => {
  test('spans and parts move to the original lines; the counted lines filter after the move', () => {
    const original = 'one\nx=&#65;&#66;\nthree\n';
    const b = new ViewBuilder(original);
    b.replace(6, 11, 'A');
    b.replace(11, 16, 'B');
    const { text, map } = b.finish();
    expect(text).toBe('one\nx=AB\nthree\n');
    const span = { line: 2, column: 3, endLine: 2, endColumn: 5 };
    const [moved] = placeViewHits([hit(span)], text, originOf(original, map, undefined));
    expect(moved!.span).toEqual({ line: 2, column: 3, endLine: 2, endColumn: 13 });
    expect(moved!.parts![0]!.span).toEqual(moved!.span);
    expect(placeViewHits([hit(span)], text, originOf(original, map, [2]))).toHaveLength(1);
    expect(placeViewHits([hit(span)], text, originOf(original, map, [3]))).toHaveLength(0);
  });
});
