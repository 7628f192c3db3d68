// Text encodings and shapes: UTF-8 (default), UTF-16 LE/BE (BOM or NUL pattern), and the
// extra decoded views (JSON escapes, URL-encoded base64; base64 and other escapes in
// ./encoded-views.ts) that let a key split by escapes be matched; adjacent string literals
// joined in ./joined-view.ts. Every check before real work is an indexOf, so plain text
// stays cheap.

import type { Provenance, TextChunk } from '../types.js';
import { mappedViews, type Pass, type Yielded } from './encoded-views.js';
import { joinedView } from './joined-view.js';

const utf8 = new TextDecoder('utf-8'); // strips a UTF-8 BOM
const utf16le = new TextDecoder('utf-16le');
const utf16be = new TextDecoder('utf-16be');

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** UTF-16 by BOM, else null (cheap: three byte compares). */
export function utf16ByBom(b: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (b.length >= 2) {
    if (b[0] === 0xff && b[1] === 0xfe && !(b.length >= 4 && b[2] === 0 && b[3] === 0)) return 'utf-16le'; // not UTF-32LE
    if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  }
  return null;
}

/**
 * UTF-16 without BOM, by the NUL-every-other-byte pattern of mostly-ASCII text in the first
 * 4 KB: almost every odd byte NUL and hardly any even byte NUL (LE), or the reverse (BE).
 */
export function utf16ByPattern(b: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(b.length, 4096) & ~1;
  if (n < 8) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenZero++;
    if (b[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero >= pairs * 0.7 && evenZero <= pairs * 0.05) return 'utf-16le';
  if (evenZero >= pairs * 0.7 && oddZero <= pairs * 0.05) return 'utf-16be';
  return null;
}

export function decodeUtf16(b: Uint8Array, enc: 'utf-16le' | 'utf-16be'): string {
  // TextDecoder drops the BOM; an odd trailing byte becomes U+FFFD
  return (enc === 'utf-16le' ? utf16le : utf16be).decode(b);
}

export function decodeUtf8(b: Uint8Array): string {
  return utf8.decode(b);
}

// ---------------------------------------------------------------- JSON escapes

const SIMPLE: Record<string, string> = { '"': '"', '/': '/', '\\': '\\', n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', "'": "'" };

const TOKEN_RUN = 16;

function isToken(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2b || c === 0x2f;
}

/**
 * True if the text holds an escape (\" \/ \n \u00XX) that can hide a credential: one right
 * before a run of ≥ 16 base64/base32 characters (`= \"<secret>`, `\n<key id>`), or a \/ or
 * \u00XX inside such a run (`abc\/def`, `abc\u002Bdef`). Escapes elsewhere (the `\n`s of
 * every minified bundle) do not earn a second copy of the text for the engine.
 */
export function hasJsonEscapes(text: string): boolean {
  // one native search per backslash, not a regex over the text: a bundle's are mostly \n
  for (let i = text.indexOf('\\'); i >= 0; ) {
    const len = jsonEscapeAt(text, i);
    if (len === 0) {
      i = text.indexOf('\\', i + 1);
      continue;
    }
    const end = i + len;
    let after = 0;
    while (after < TOKEN_RUN && end + after < text.length && isToken(text.charCodeAt(end + after))) after++;
    if (after >= TOKEN_RUN) return true;
    const c = text[i + 1];
    if (after > 0 && (c === '/' || c === 'u')) {
      let before = 0;
      while (before < TOKEN_RUN && i - 1 - before >= 0 && isToken(text.charCodeAt(i - 1 - before))) before++;
      if (before > 0 && before + after >= TOKEN_RUN) return true;
    }
    i = text.indexOf('\\', end);
  }
  return false;
}

/** The length of the escape \" \/ \n or \u00XX at `i` (a backslash), or 0. */
function jsonEscapeAt(text: string, i: number): number {
  const c = text.charCodeAt(i + 1);
  if (c === 0x22 || c === 0x2f || c === 0x6e) return 2;
  return c === 0x75 && text.charCodeAt(i + 2) === 0x30 && text.charCodeAt(i + 3) === 0x30 && isHex(text.charCodeAt(i + 4)) && isHex(text.charCodeAt(i + 5)) ? 6 : 0;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/**
 * Decode JSON/JS string escapes everywhere in the text (not only inside string literals:
 * a source map's sourcesContent is one long literal, and the engine only needs the keys to
 * reappear). Returns null when nothing changed.
 */
export function jsonUnescape(text: string): string | null {
  let i = text.indexOf('\\');
  if (i < 0) return null;
  let out = '';
  let last = 0;
  let changed = false;
  while (i >= 0 && i < text.length - 1) {
    const c = text[i + 1];
    let rep: string | undefined;
    let len = 2;
    if (c === 'u') {
      const hex = text.slice(i + 2, i + 6);
      if (/^[0-9a-fA-F]{4}$/.test(hex)) {
        rep = String.fromCharCode(parseInt(hex, 16));
        len = 6;
      }
    } else rep = SIMPLE[c];
    if (rep !== undefined) {
      out += text.slice(last, i) + rep;
      last = i + len;
      changed = true;
      i = text.indexOf('\\', last);
    } else {
      i = text.indexOf('\\', i + 2);
    }
  }
  if (!changed) return null;
  return out + text.slice(last);
}

// ---------------------------------------------------------------- URL encoding

const URL_HINT = /%(?:2[bBfF]|3[dD])/;
/** URL_HINT's literals, for the keyword pass (DECODE_MARKS). */
export const URL_MARKS: readonly string[] = ['%2b', '%2f', '%3d'];
// A base64-looking run that holds at least one %2B / %2F / %3D. Matched only from the start
// of a run (the lookbehind): otherwise every position of a long run without an escape is a
// new attempt that scans the rest of the run, quadratic — minutes on a 1 MB data URI.
const URL_RUN = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]*(?:%(?:2[bBfF]|3[dD])[A-Za-z0-9+/]*)+/g;
const URL_ESC = /%(2[bBfF]|3[dD])/g;

/** Decode %2B %2F %3D inside base64-looking runs; null when nothing changed. */
export function urlDecodeBase64Runs(text: string): string | null {
  if (text.indexOf('%') < 0 || !URL_HINT.test(text)) return null;
  let changed = false;
  const out = text.replace(URL_RUN, (run) => {
    if (run.length < 12) return run;
    changed = true;
    return run.replace(URL_ESC, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  });
  return changed ? out : null;
}

// ---------------------------------------------------------------- views

/**
 * The text, then the decoded views that differ from it (cheap checks first). `pass`: its
 * bytes and the marks the keyword pass saw in them, when it looked (DECODE_MARKS): a view
 * none of whose marks occurs needs no search of its own.
 */
export function* textViews(text: string, encoding: string | undefined, prov: Provenance[], lines: number[] | undefined, pass?: Pass): Generator<TextChunk> {
  yield { text, provenance: prov, encoding, lines };
  // Mapped views (base64, escapes) first: js-escapes and percent decode what json-unescaped
  // and url-decoded do, at exact places, so those two are left out when they were yielded.
  const mapped: Yielded = { jsEscapes: false, percent: false };
  yield* mappedViews(text, prov, lines, mapped, pass);
  if (!mapped.jsEscapes && text.indexOf('\\') >= 0 && hasJsonEscapes(text)) {
    const u = jsonUnescape(text);
    if (u !== null) yield { text: u, provenance: prov, encoding: 'json-unescaped', lines: lines && remapLines(text, lines, jsonUnescape) };
  }
  const marks = pass?.marks;
  const d = mapped.percent || (marks && !URL_MARKS.some((m) => marks.has(m))) ? null : urlDecodeBase64Runs(text);
  if (d !== null) yield { text: d, provenance: prov, encoding: 'url-decoded', lines };
  yield* joinedView(text, prov, lines);
}

// ---------------------------------------------------------------- line remapping

/**
 * Pre-commit scans carry the 1-based lines that count. A view that turns `\n` escapes into
 * newlines moves lines, so map each counted original line to the lines it became.
 */
export function remapLines(original: string, lines: number[], unescapeLine: (s: string) => string | null): number[] {
  const want = new Set(lines);
  const out: number[] = [];
  let newLine = 1;
  let start = 0;
  for (let ln = 1; ; ln++) {
    const nl = original.indexOf('\n', start);
    const line = original.slice(start, nl < 0 ? undefined : nl);
    const dec = unescapeLine(line) ?? line;
    let count = 1;
    for (let j = dec.indexOf('\n'); j >= 0; j = dec.indexOf('\n', j + 1)) count++;
    if (want.has(ln)) for (let k = 0; k < count; k++) out.push(newLine + k);
    newLine += count;
    if (nl < 0) break;
    start = nl + 1;
  }
  return out;
}
