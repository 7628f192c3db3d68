// Decoded views that know where each decoded character came from (base64 runs, escapes), so
// a hit in the view is reported at the encoded text in the original: line and column point at
// the raw bytes, and Location.encoding says which decoding revealed the key.
//
// A view is the original with some ranges replaced. Each replaced range is a Piece; text
// between pieces is copied, so an offset there moves by the length difference so far. Text
// far from every change may be left out (ViewBuilder.finish's windows): a Piece too, whose
// replacement is empty or a run of newlines.
import type { Hit, HitPart, Span, ViewOrigin, ViewWindows } from '../types.js';

/** Offset inside a piece's decoded text → offset inside its encoded range (end: exclusive end). */
export type InnerMap = (offset: number, end: boolean) => number;

interface Piece {
  /** View range [vs, ve) decoded from original range [os, oe). */
  vs: number;
  ve: number;
  os: number;
  oe: number;
  /** Without it, every offset inside the piece maps to the piece's start (or end). */
  inner?: InnerMap;
}

export class OffsetMap {
  constructor(private readonly pieces: readonly Piece[]) {}

  /** The original offset of view offset `v` (a start, or with `end` an exclusive end). */
  toOrig(v: number, end = false): number {
    const ps = this.pieces;
    let lo = 0;
    let hi = ps.length - 1;
    let at = -1;
    // last piece starting at or before v (for an end: strictly before, so an end at a piece's
    // start stays in front of it)
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (end ? ps[mid]!.vs < v : ps[mid]!.vs <= v) (at = mid), (lo = mid + 1);
      else hi = mid - 1;
    }
    if (at < 0) return v;
    const p = ps[at]!;
    if (v >= p.ve) return p.oe + (v - p.ve);
    if (p.inner) return p.os + p.inner(v - p.vs, end);
    return end ? p.oe : p.os;
  }
}

interface Edit {
  os: number;
  oe: number;
  text: string;
  inner?: InnerMap;
}

/** Builds a view of `src`: replace() ranges in increasing order, then finish(). */
export class ViewBuilder {
  private readonly edits: Edit[] = [];

  constructor(private readonly src: string) {}

  get changed(): boolean {
    return this.edits.length > 0;
  }

  replace(os: number, oe: number, text: string, inner?: InnerMap): void {
    this.edits.push({ os, oe, text, ...(inner ? { inner } : {}) });
  }

  /**
   * The view and its map; with `windows`, only the original around the changes is kept: a
   * decoded run in a 5 MB bundle is matched in a few kB, not in a second copy of the bundle
   * (the rest is the raw text, matched as such).
   */
  finish(windows?: ViewWindows): { text: string; map: OffsetMap } {
    const parts: string[] = [];
    const pieces: Piece[] = [];
    let len = 0;
    let last = 0;
    const copy = (to: number) => {
      if (to > last) parts.push(this.src.slice(last, to));
      len += to - last;
      last = to;
    };
    const put = (os: number, oe: number, text: string, inner?: InnerMap) => {
      copy(os);
      parts.push(text);
      pieces.push({ vs: len, ve: len + text.length, os, oe, ...(inner ? { inner } : {}) });
      len += text.length;
      last = oe;
    };
    const c = windows?.context ?? Infinity;
    const sep = windows ? '\n'.repeat(windows.gap) : '';
    for (const e of this.edits) {
      // leave out what is farther than `context` from this change and from the last one
      if (last === 0 && e.os > c) put(0, e.os - c, '');
      else if (last > 0 && e.os - last > 2 * c + sep.length) {
        copy(last + c);
        put(last, e.os - c, sep);
      }
      put(e.os, e.oe, e.text, e.inner);
    }
    if (this.src.length - last > c) {
      copy(last + c);
      put(last, this.src.length, '');
    }
    copy(this.src.length);
    return { text: parts.join(''), map: new OffsetMap(pieces) };
  }
}

/** The origin of a view of `original` (a whole text or one window of a stream). */
export function originOf(original: string, map: OffsetMap, lines: number[] | undefined): ViewOrigin {
  return { original, toOrig: (v, end) => map.toOrig(v, end), ...(lines ? { lines } : {}) };
}

/** Line starts of a text, for span ↔ offset (built once per text, only when it has hits). */
class Lines {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  offset(line: number, column: number): number {
    return this.starts[line - 1]! + column - 1;
  }
  position(offset: number): { line: number; column: number } {
    const s = this.starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - s[lo]! + 1 };
  }
}

/**
 * Hits of a mapped view moved to the original text: each span starts where the encoded text
 * of its first character starts and ends after the encoded text of its last. Hits off the
 * counted lines are dropped (the engine matched the view without a line filter).
 */
export function placeViewHits(hits: Hit[], viewText: string, origin: ViewOrigin | undefined): Hit[] {
  if (!origin || hits.length === 0) return hits;
  const view = new Lines(viewText);
  const orig = new Lines(origin.original);
  const move = (s: Span): Span => {
    const a = orig.position(origin.toOrig(view.offset(s.line, s.column)));
    const b = orig.position(origin.toOrig(view.offset(s.endLine, s.endColumn), true));
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  };
  const wanted = origin.lines && new Set(origin.lines);
  const out: Hit[] = [];
  for (const h of hits) {
    const moved: Hit = { ...h, span: move(h.span) };
    if (wanted && !wanted.has(moved.span.line)) continue;
    if (h.parts) moved.parts = h.parts.map((p: HitPart) => ({ ...p, span: move(p.span) }));
    out.push(moved);
  }
  return out;
}
