// The mapped views of a text (base64 runs, escapes): which ones a text earns, cheaply decided,
// and the views themselves, each tagged with its encoding and mapped back to the text.
import type { Provenance, TextChunk, ViewWindows } from '../types.js';
import { BASE64_MAX_DECODED, BASE64_MAX_DEPTH, base64View, bytesOf, hasBase64Text, newBudget } from './base64.js';
import { escapeStylesIn, escapeStylesMarked, escapeView, hidesToken } from './escapes.js';
import { originOf } from './view-map.js';

/** Where the engine's keyword pass over some bytes saw decode's marks (DECODE_MARKS), first starts. */
export type Marks = ReadonlyMap<string, number>;

/**
 * Whether bytes without a rule keyword may still hide a key in base64 or escapes. Runs on
 * every such file: a byte loop for base64 runs, then the escape gates — from `marks` when the
 * keyword pass saw them (most files have none, and need no text), else one native pass.
 */
export function mayHideEncoded(bytes: Uint8Array, marks?: Marks): boolean {
  if (hasBase64Text(bytes)) return true;
  const styles = marks && escapeStylesMarked(marks, true);
  if (styles?.length === 0) return false;
  // latin1: one byte per character, so the checks see the ASCII of any UTF-8 text unchanged
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return hidesEscaped(text, styles);
}

function hidesEscaped(text: string, styles: Styles = escapeStylesIn(text)): boolean {
  return styles.some(({ style, from }) => hidesToken(text, style, from));
}

type Styles = ReturnType<typeof escapeStylesMarked>;

/**
 * The UTF-8 bytes a text was decoded from, the marks the keyword pass saw in them (if it
 * looked), and how much of the text around a decoded part the engine needs (ExpandOptions).
 */
export interface Pass {
  bytes: Uint8Array;
  marks?: Marks;
  windows?: ViewWindows;
}

/**
 * Whether offsets in the bytes are the text's: every byte became one character (ASCII, or an
 * invalid byte's U+FFFD), which the lengths tell, as no byte sequence decodes to more units.
 */
const sameOffsets = (text: string, pass: Pass) => text.length === pass.bytes.length;

/** The escape styles a text's gates pass, from the marks of its bytes' pass when there was one. */
function stylesOf(text: string, pass: Pass | undefined): Styles {
  return pass?.marks ? escapeStylesMarked(pass.marks, sameOffsets(text, pass)) : escapeStylesIn(text);
}

/** The same for a text (a window of a stream). */
export function hidesEncoded(text: string): boolean {
  return hasBase64Text(bytesOf(text)) || hidesEscaped(text);
}

const BASE64_CAPPED = `base64 runs decode to more than ${BASE64_MAX_DECODED} bytes in this text: those past it were not decoded`;
const BASE64_DEEPER = `base64 nested more than ${BASE64_MAX_DEPTH} levels deep in this text: the innermost level was not decoded`;

/** Which views were yielded, so text.ts leaves out its own unmapped ones they supersede. */
export interface Yielded {
  jsEscapes: boolean;
  percent: boolean;
}

/**
 * The mapped views of `text` that its triggers call for. `pass`: its bytes and their marks,
 * when known: the escape gates are read off the marks, and the base64 runs searched in the
 * bytes themselves when their offsets are the text's (no latin1 copy of the text).
 */
export function* mappedViews(text: string, prov: Provenance[], lines: number[] | undefined, yielded?: Yielded, pass?: Pass): Generator<TextChunk> {
  const budget = newBudget();
  const bytes = pass && sameOffsets(text, pass) ? pass.bytes : undefined;
  const b = base64View(text, { budget, ...(bytes ? { bytes } : {}), ...(pass?.windows ? { windows: pass.windows } : {}) });
  // the cap is told even when nothing fitted: an empty view carries the note
  const limit = [budget.capped ? BASE64_CAPPED : '', budget.deeper ? BASE64_DEEPER : ''].filter(Boolean).join('; ') || undefined;
  if (b) yield { text: b.text, provenance: prov, encoding: 'base64', origin: originOf(text, b.map, lines), ...(limit ? { limit } : {}) };
  else if (limit) yield { text: '', provenance: prov, encoding: 'base64', limit };
  for (const { style, from } of stylesOf(text, pass)) {
    if (!hidesToken(text, style, from)) continue;
    const v = escapeView(text, style, pass?.windows);
    if (!v) continue;
    if (yielded && style.encoding === 'js-escapes') yielded.jsEscapes = true;
    if (yielded && style.encoding === 'percent') yielded.percent = true;
    yield { text: v.text, provenance: prov, encoding: style.encoding, origin: originOf(text, v.map, lines) };
  }
}
