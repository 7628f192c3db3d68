// Hits of one window of a streamed text (decode/window.ts) made into hits of the whole
// stream: a hit the window does not own is dropped (its neighbour reports it), the rest get
// stream line/column numbers.
import type { Hit, Provenance, Span, TextWindow } from '../types.js';
import { shift } from '../decode/window.js';
import { displayPath } from '../sources/provenance.js';
import type { WorkResult } from './runner.js';
import type { ViewHits } from './stream-windows.js';
import { memberField, relative } from './work.js';

/** Decoded-view fingerprints remembered per stream before old ones are forgotten. */
const SEEN_CAP = 4096;

/** One window's views (matched here or by a helper) into the content's result. */
export function placeWindowViews(result: WorkResult, id: string, views: ViewHits[], w: TextWindow, at: Provenance[]): void {
  const path = relative(displayPath(at[0]!), id);
  const inside = memberField(at[0]);
  for (const v of views) {
    for (const x of v.warnings) result.warnings.push({ ...x, path });
    if (v.capped) result.counts.decodeCapped = (result.counts.decodeCapped ?? 0) + 1;
    const enc = v.encoding !== undefined ? { encoding: v.encoding } : {};
    for (const hit of placeWindowHits(v.hits, w, v.encoding)) result.hits.push({ hit, ...inside, ...enc });
  }
}

export function placeWindowHits(hits: Hit[], w: TextWindow, encoding: string | undefined): Hit[] {
  const out: Hit[] = [];
  for (const h of hits) {
    if (encoding !== undefined ? !firstInViews(h, w) : !owns(w, h.span)) continue;
    const moved: Hit = { ...h, span: place(w, h.span) };
    if (h.parts) moved.parts = h.parts.map((p) => ({ ...p, span: place(w, p.span) }));
    out.push(moved);
  }
  return out;
}

/** Whether the hit starts in the window's owned range (raw text: exact character offsets). */
function owns(w: TextWindow, s: Span): boolean {
  if (w.from && before(s, w.from)) return false;
  if (w.to && !before(s, w.to)) return false;
  return true;
}

function before(s: Span, p: { line: number; column: number }): boolean {
  return s.line < p.line || (s.line === p.line && s.column < p.column);
}

/**
 * A decoded view (JSON escapes, URL decoding) has no offsets that map back to the raw text,
 * so ownership cannot be exact: a secret a view found in the previous window (the overlap) is
 * not reported again. Its line numbers point into decoded text anyway (Location.encoding).
 */
function firstInViews(h: Hit, w: TextWindow): boolean {
  const prev = w.seen.get(h.fingerprint);
  w.seen.set(h.fingerprint, w.index);
  if (w.seen.size > SEEN_CAP) {
    for (const [fp, at] of w.seen) if (at < w.index - 1) w.seen.delete(fp);
  }
  return prev === undefined || prev !== w.index - 1;
}

function place(w: TextWindow, s: Span): Span {
  const a = shift(w, { line: s.line, column: s.column });
  const b = shift(w, { line: s.endLine, column: s.endColumn });
  return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
}
