// Hits of a mapped view (TextChunk.origin) moved to the text the view came from: line and
// column then point at the source characters, not into the view.
import { LineIndex } from '../engine/location.js';
import type { Hit, Span, ViewOrigin } from '../types.js';

/** Offset of a 1-based line/column in `text`. */
function offsetIn(starts: number[], line: number, column: number): number {
  return (starts[line - 1] ?? 0) + column - 1;
}

function lineStarts(text: string): number[] {
  const s = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) s.push(i + 1);
  return s;
}

/**
 * Each hit (and its parts) placed in the original; hits whose start is off the counted lines
 * (pre-commit) are dropped, as the engine matched the view without a line filter.
 */
export function placeViewHits(hits: Hit[], viewText: string, origin: ViewOrigin | undefined): Hit[] {
  if (!origin || hits.length === 0) return hits;
  const starts = lineStarts(viewText);
  const orig = new LineIndex(origin.original);
  const move = (s: Span): Span => {
    const a = origin.toOrig(offsetIn(starts, s.line, s.column));
    const b = origin.toOrig(offsetIn(starts, s.endLine, s.endColumn), true);
    return orig.span(a, Math.max(a, b));
  };
  const counted = origin.lines && new Set(origin.lines);
  const out: Hit[] = [];
  for (const h of hits) {
    const span = move(h.span);
    if (counted && !counted.has(span.line)) continue;
    out.push({ ...h, span, ...(h.parts ? { parts: h.parts.map((p) => ({ ...p, span: move(p.span) })) } : {}) });
  }
  return out;
}
