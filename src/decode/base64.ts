// Base64 values that hold text (k8s Secret data, .dockerconfigjson, base64 .env and CI
// variables): a view of the text with every long base64 run that decodes to printable text
// replaced by that text, recursively (a base64 JSON whose `auth` is base64 again).
//
// Only text counts: image data URIs, binary blobs, hashes and source-map VLQ decode to bytes
// that are mostly not printable, and a short probe of each run says so before it is decoded.
import { isAscii } from 'node:buffer';
import type { ViewWindows } from '../types.js';
import { OffsetMap, ViewBuilder, type InnerMap } from './view-map.js';
import { GATE_TEXT_MAX, WasmGate } from './base64-gate.js';

/** Shortest run considered (18 decoded bytes): shorter ones are names and ids, not values. */
export const BASE64_MIN_RUN = 24;
/** Base64 inside base64 inside the text, at most. */
export const BASE64_MAX_DEPTH = 2;
/** Decoded bytes per text, all runs and depths together; runs beyond it stay encoded. */
export const BASE64_MAX_DECODED = 1024 * 1024;

/** Characters decoded first to decide whether a run holds text (36 bytes). */
const PROBE = 48;
/** Padding after a run: the run's length tells where it may end. */
const EQ = 0x3d;

/** Base64 characters of both alphabets (standard +/ and URL-safe -_). */
const ALPHABET = new Uint8Array(256);
/** Base64 characters whose 6 bits start with 0: the first of a quad of ASCII bytes is one. */
const LOW = new Uint8Array(256);
for (let i = 0; i < 64; i++) {
  const c = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i);
  ALPHABET[c] = 1;
  if (i < 32) LOW[c] = 1;
}
ALPHABET[0x2d] = ALPHABET[0x5f] = 1;

/**
 * Decoded bytes left for a text's runs; `capped` once a printable run did not fit; `deeper`
 * once the innermost level decoded holds a run that would decode to text again.
 */
export interface Budget {
  left: number;
  capped: boolean;
  deeper: boolean;
}

export const newBudget = (): Budget => ({ left: BASE64_MAX_DECODED, capped: false, deeper: false });

/**
 * The next run of at least BASE64_MIN_RUN base64 characters at or after `from` whose quads
 * start LOW over its first PROBE characters, as [start, end) (padding included). Looks at
 * every MIN-th byte first (a run that long holds one of them) and back from it only: a short
 * word costs the bytes before the probe, and a long one is judged by its first quads before
 * its end is looked for (camelCase names and paths, most long runs in code, fail at once).
 */
function nextCandidate(b: Uint8Array, from: number): [number, number] | null {
  const min = BASE64_MIN_RUN;
  const n = b.length;
  let i = from; // no run starts before i (b[i - 1] may belong to a run judged already)
  while (i + min <= n) {
    const p = i + min - 1;
    if (ALPHABET[b[p]!] === 0) {
      i = p + 1;
      continue;
    }
    let k = p - 1;
    while (k >= i && ALPHABET[b[k]!] === 1) k--;
    // a run starts after k, shorter than min so far: a long one reaches k + min
    if (k >= i) {
      i = k + 1;
      continue;
    }
    // [i, p] is base64: a run starting at i, or the rest of one judged before
    const s = i;
    i = p + 1;
    if (s > 0 && ALPHABET[b[s - 1]!] === 1) continue;
    if (!lowQuads(b, s, p + 1)) continue;
    let e = p + 1;
    while (e < n && ALPHABET[b[e]!] === 1) e++;
    if (!lowQuads(b, s + min, Math.min(e, s + PROBE))) {
      i = e + 1;
      continue;
    }
    if (b[e] === EQ) e += b[e + 1] === EQ ? 2 : 1;
    return [s, e];
  }
  return null;
}

/** Whether the quads starting in [from, to) (from at a quad start) start LOW. */
function lowQuads(b: Uint8Array, from: number, to: number): boolean {
  for (let q = from; q < to; q += 4) if (LOW[b[q]!] === 0) return false;
  return true;
}

/** The search in WebAssembly (base64-gate.ts), made on first use; null where it cannot run. */
let gate: WasmGate | null | undefined;

/** Runs of `b` whose start says they may be text: the first character of each quad is LOW. */
export function textRuns(b: Uint8Array): Iterable<[number, number]> {
  if (gate === undefined) gate = WasmGate.create(ALPHABET, LOW) ?? null;
  return gate && b.length <= GATE_TEXT_MAX ? gate.runs(b, BASE64_MIN_RUN, PROBE) : jsTextRuns(b);
}

/** textRuns() by the JS loop: texts over GATE_TEXT_MAX, and where WebAssembly is missing. */
export function* jsTextRuns(b: Uint8Array): Generator<[number, number]> {
  for (let r = nextCandidate(b, 0); r; r = nextCandidate(b, r[1])) yield r;
}

/** True if some base64 run decodes to printable text (the trigger for the view). */
export function hasBase64Text(b: Uint8Array): boolean {
  for (const [s, e] of textRuns(b)) if (probe(latin1(b, s, e))) return true;
  return false;
}

function latin1(b: Uint8Array, s: number, e: number): string {
  return Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('latin1');
}

/** One byte per UTF-16 unit, so byte offsets are string offsets (runs are ASCII anyway). */
export function bytesOf(text: string): Uint8Array {
  return Buffer.from(text, 'latin1');
}

export interface Base64ViewOptions {
  /** Levels of base64 inside base64 still decoded (default BASE64_MAX_DEPTH). */
  depth?: number;
  /** Decoded bytes left, shared by every level. */
  budget?: Budget;
  /** One byte per character of the text, when the caller has them (else a latin1 copy is made). */
  bytes?: Uint8Array;
  /** Keep only this much of the text around its decoded runs (the outer level only). */
  windows?: ViewWindows;
}

/** The text with its printable base64 runs decoded, or null when none is. */
export function base64View(text: string, opts: Base64ViewOptions = {}): { text: string; map: OffsetMap } | null {
  const { depth = BASE64_MAX_DEPTH, budget = newBudget(), bytes } = opts;
  if (depth <= 0) {
    // not decoded, but never silently: the caller says so when a run here is text in base64
    budget.deeper ||= hasBase64Text(bytes ?? bytesOf(text));
    return null;
  }
  const view = new ViewBuilder(text);
  for (const [s, e] of textRuns(bytes ?? bytesOf(text))) {
    const run = text.slice(s, e);
    if (!ASCII_RUN.test(run) || !probe(run)) continue;
    const body = bodyOf(run);
    // a run that looks like text but does not fit stays encoded, and the caller says so
    if (Math.floor((body.length * 3) / 4) > budget.left) {
      budget.capped = true;
      continue;
    }
    const bytes = Buffer.from(body, 'base64');
    if (!printable(bytes)) continue;
    budget.left -= bytes.length;
    const ascii = isAscii(bytes);
    const decoded = bytes.toString(ascii ? 'latin1' : 'utf8');
    const inner = base64View(decoded, { depth: depth - 1, budget });
    view.replace(s, e, inner ? inner.text : decoded, encodedOffset(decoded, ascii, body.length, inner?.map));
  }
  return view.changed ? view.finish(opts.windows) : null;
}

/** A run of the text itself, not one a non-latin1 character's low byte made up. */
const ASCII_RUN = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * Decoded-text offset → offset in the run: the base64 character holding the first bit of
 * that byte (a start), or the one after the character holding its last bit (an end).
 */
function encodedOffset(decoded: string, ascii: boolean, bodyLen: number, inner: OffsetMap | undefined): InnerMap {
  return (offset, end) => {
    const o = inner ? inner.toOrig(offset, end) : offset;
    const b = ascii ? o : Buffer.byteLength(decoded.slice(0, o));
    return end ? Math.min(bodyLen, Math.ceil((b * 4) / 3)) : Math.floor((b * 4) / 3);
  };
}

/** The run without padding, cut to a decodable length, if it uses one alphabet. */
function bodyOf(run: string): string {
  let body = run.replace(/=+$/, '');
  if (body.length % 4 === 1) body = body.slice(0, -1);
  return body;
}

function probe(run: string): boolean {
  const std = run.indexOf('+') >= 0 || run.indexOf('/') >= 0;
  const url = run.indexOf('-') >= 0 || run.indexOf('_') >= 0;
  if (std && url) return false;
  const body = bodyOf(run.length > PROBE ? run.slice(0, PROBE) : run);
  return printable(Buffer.from(body, 'base64'));
}

/**
 * Mostly printable: at least 90 % printable ASCII or whitespace and hardly any control byte.
 * Random bytes are ~38 % printable; UTF-8 text with some accents still passes.
 */
function printable(b: Uint8Array): boolean {
  if (b.length === 0) return false;
  let text = 0;
  let control = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if ((c >= 0x20 && c < 0x7f) || c === 0x0a || c === 0x0d || c === 0x09) text++;
    else if (c < 0x80) control++;
  }
  return text >= b.length * 0.9 && control * 50 <= b.length;
}
