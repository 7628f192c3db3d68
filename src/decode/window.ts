// The one windowed text path: a stream of UTF-8 bytes of any length (stdin, a FIFO, a large
// file, an inflating gzip member) becomes a sequence of overlapping text windows, so memory
// stays at a few windows whatever the input size.
//
//   window k:      [ctx | owned ................................ | ctx + tail ]
//   window k+1:                                      [ctx | owned ...
//                                                     ^ starts OVERLAP_CHARS before k's end
//
// Each hit is owned by exactly one window: the one in whose owned range it starts. A window
// owns [CONTEXT, len − OVERLAP + CONTEXT) (the first from 0, the last to its end), so the next
// window's owned range begins exactly where this one's ends. A hit starting in the owned range
// is seen whole as long as it is at most OVERLAP − 2·CONTEXT = MAX_STREAMED_MATCH chars long;
// CONTEXT chars on either side give look-arounds, key/secret pairing (rules pair within 1 KB;
// session tokens within 2 KB) and the partition hint (±1 KB) their real neighbours.
//
// Why fixed bounds rather than bounds derived from each rule: user rules are arbitrary
// regexes whose longest match is not computable in general; every built-in rule matches
// far less than 48 KB, and a longer match is cut at the window end (documented in README).
import { isAscii } from 'node:buffer';
import type { Provenance, TextChunk, TextWindow } from '../types.js';
import { hidesEncoded, mappedViews, mayHideEncoded, type Pass } from './encoded-views.js';
import { textViews } from './text.js';

/** Characters per window (UTF-16 units; ASCII text: bytes). */
export const WINDOW_CHARS = 8 * 1024 * 1024;
/** Characters each window shares with the next. */
export const OVERLAP_CHARS = 64 * 1024;
/** Characters of neighbourhood kept on each side of an owned range. */
export const CONTEXT_CHARS = 8 * 1024;
/** The longest match a streamed text is guaranteed to report whole (48 KB). */
export const MAX_STREAMED_MATCH = OVERLAP_CHARS - 2 * CONTEXT_CHARS;

export interface WindowOptions {
  /** For tests: smaller windows (must exceed OVERLAP_CHARS). */
  windowChars?: number;
  /**
   * Takes each window instead of its views being yielded: the runner matches windows where a
   * core is free (runtime/stream-windows.ts), so one long stream keeps every core busy. A
   * returned promise holds the stream back (memory stays at a few windows).
   */
  takeWindow?: (text: string, window: TextWindow, provenance: Provenance[]) => void | Promise<void>;
}

type Pos = { line: number; column: number };

/**
 * Texts to match for a UTF-8 byte stream: each window, then its decoded views (JSON escapes,
 * URL-encoded base64), all tagged with the window's place (TextChunk.window); with
 * opts.takeWindow, each window is handed to it instead. Yields nothing for an empty stream.
 */
export async function* textWindows(pieces: AsyncIterable<Uint8Array>, provenance: Provenance[], opts: WindowOptions = {}): AsyncGenerator<TextChunk> {
  const size = Math.max(opts.windowChars ?? WINDOW_CHARS, OVERLAP_CHARS + 1);
  const utf8 = new Utf8Pieces();
  const seen = new Map<string, number>();
  let parts: string[] = [];
  let pending = 0;
  let carry = '';
  let base: Pos = { line: 1, column: 1 };
  let index = 0;
  const emit = async function* (last: boolean): AsyncGenerator<TextChunk> {
    // One join, one copy: `carry + parts.join('')` made a second one (a cons string that the
    // first regex flattens), ~7 ms per 8 MB window here.
    parts.unshift(carry);
    const text = parts.join('');
    parts = [];
    pending = 0;
    let cut = text.length - OVERLAP_CHARS;
    // Never split a surrogate pair between the owned ranges of two windows.
    if (!last && cut > 0 && isLowSurrogate(text.charCodeAt(cut))) cut--;
    // One pass over the window's lines for both the cut and the end of the owned range.
    const atCut = last ? undefined : posAt(text, cut);
    const window: TextWindow = {
      line: base.line,
      column: base.column,
      ...(index > 0 ? { from: posAt(text, CONTEXT_CHARS) } : {}),
      ...(atCut ? { to: posFrom(text, cut, atCut, cut + CONTEXT_CHARS) } : {}),
      index,
      seen,
    };
    if (opts.takeWindow) await opts.takeWindow(text, window, provenance);
    else for (const tc of windowViews(text, provenance)) yield { ...tc, window };
    if (atCut) {
      base = shift(base, atCut);
      // Flattened into a new string, so the window just matched can be collected (a plain
      // slice would keep all of it alive); one-byte text stays one-byte.
      carry = (' ' + text.slice(cut)).slice(1);
      index++;
    }
  };
  for await (const piece of pieces) {
    const s = utf8.decode(piece);
    if (!s) continue;
    parts.push(s);
    pending += s.length;
    if (carry.length + pending >= size) yield* emit(false);
  }
  const rest = utf8.end();
  if (rest) parts.push(rest);
  if (index === 0 && !rest && !parts.length) return;
  yield* emit(true);
}

/**
 * The texts to match for one window: its raw text and decoded views, or only the views that
 * may hide an encoded keyword when `mayMatchText` says no rule can match the raw text.
 * `pass`: the window's keyword pass over one byte per character, when the caller made one.
 */
export function* windowViews(text: string, provenance: Provenance[], mayMatchText?: (text: string) => boolean, pass?: Pass): Generator<TextChunk> {
  if (!mayMatchText || mayMatchText(text)) yield* textViews(text, undefined, provenance, undefined, pass);
  else if (pass ? mayHideEncoded(pass.bytes, pass.marks) : hidesEncoded(text)) yield* mappedViews(text, provenance, undefined, undefined, pass);
}

/**
 * A UTF-8 byte stream decoded piece by piece, a character split across pieces kept whole. A
 * piece of ASCII bytes arriving while no character is pending is read as latin1 (the same
 * one-byte string, ~3x faster than the streaming decoder; most big texts are ASCII).
 */
class Utf8Pieces {
  private decoder: InstanceType<typeof TextDecoder> | undefined;
  /** The decoder holds the start of a character (the last piece it had ended mid-character). */
  private pending = false;
  private consumed = 0;

  decode(piece: Uint8Array): string {
    const start = this.consumed === 0;
    this.consumed += piece.byteLength;
    if (!this.pending && isAscii(piece)) return Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength).toString('latin1');
    // A BOM is dropped only at the start of the stream: a decoder made later keeps it.
    this.decoder ??= new TextDecoder('utf-8', { ignoreBOM: !start });
    this.pending = !endsWhole(piece);
    return this.decoder.decode(piece, { stream: true });
  }

  end(): string {
    return this.decoder?.decode() ?? '';
  }
}

/**
 * Whether `b` ends on a character boundary, so that a streaming decoder holds nothing after
 * it. False when unsure (then the decoder keeps being used, which is always right).
 */
function endsWhole(b: Uint8Array): boolean {
  for (let back = 1; back <= Math.min(4, b.length); back++) {
    const c = b[b.length - back]!;
    if (c < 0x80) return back === 1;
    if (c < 0xc0) continue; // a continuation byte: look further back for its lead
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
    return back === need;
  }
  return false;
}

/** 1-based line and column of `offset` in `text`. */
export function posAt(text: string, offset: number): Pos {
  return posFrom(text, 0, { line: 1, column: 1 }, offset);
}

/** Line and column of `offset`, counting on from `known`, the position of `from` (≤ offset). */
export function posFrom(text: string, from: number, known: Pos, offset: number): Pos {
  let line = known.line;
  let lastNl = from - known.column; // the newline before `from` (-1: none)
  for (let i = text.indexOf('\n', from); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lastNl = i;
  }
  return { line, column: offset - lastNl };
}

/** A window-relative position made absolute, given where the window starts. */
export function shift(base: Pos, p: Pos): Pos {
  return p.line === 1 ? { line: base.line, column: base.column + p.column - 1 } : { line: base.line + p.line - 1, column: p.column };
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
