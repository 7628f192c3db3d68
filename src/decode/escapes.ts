// Keys written with escapes: HTML entities, JS/JSON/Python/Java/C string escapes (\uXXXX,
// \u{…}, \xNN, octal), percent-encoding and quoted-printable (.eml). Each style is a view of
// the text with its escapes decoded, mapped back so a hit points at the escaped text.
//
// A view costs a second engine pass, so a style earns one only where an escape decodes to a
// character of a key-like run: at least TOKEN_RUN key characters in a row, one of them
// decoded (the `\u` escapes of a minified bundle are accents and symbols, not key runs).
import { OffsetMap, ViewBuilder } from './view-map.js';

export type EscapeEncoding = 'html-entities' | 'js-escapes' | 'percent' | 'quoted-printable';

interface Style {
  encoding: EscapeEncoding;
  /** Global regex of one escape. */
  re: RegExp;
  /** Global regex of the escapes the trigger walks (fewer matches: it runs on every file). */
  find: RegExp;
  /** Whether a decoded match makes a run count (escapes other views handle do not); default yes. */
  counts?(m: RegExpExecArray): boolean;
  /** The decoded text of a match, or null to leave it as is. */
  decode(m: RegExpExecArray): string | null;
  /** A cheap whole-text precondition. */
  hint(text: string): boolean;
  /** The hint alone earns the view (given one escape): it says the whole text is encoded. */
  hintEnough?: boolean;
}

const TOKEN_RUN = 16;

function isToken(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2b || c === 0x2f || c === 0x5f || c === 0x2d;
}

function allToken(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isToken(s.charCodeAt(i))) return false;
  return s.length > 0;
}

function char(code: number): string | null {
  return code <= 0x10ffff ? String.fromCodePoint(code) : null;
}

const NAMED: Record<string, string> = {
  amp: '&', quot: '"', lt: '<', gt: '>', apos: "'", sol: '/', plus: '+', equals: '=', nbsp: '\u00a0',
  colon: ':', semi: ';', comma: ',', period: '.', lowbar: '_', hyphen: '-', dash: '-', num: '#',
  dollar: '$', percnt: '%', excl: '!', quest: '?', commat: '@', lpar: '(', rpar: ')', lsqb: '[',
  rsqb: ']', lcub: '{', rcub: '}', ast: '*', verbar: '|', bsol: '\\', grave: '`', Hat: '^', tilde: '~',
};

const SIMPLE: Record<string, string> = { '"': '"', "'": "'", '/': '/', '\\': '\\', n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v' };

// An escaped backslash (\\) is one match, so what follows it is not read as an escape.
const JS_ESCAPE = /\\(?:u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([0-7]{1,3})|(["'/\\nrtbfv]))/g;

export const STYLES: readonly Style[] = [
  {
    encoding: 'js-escapes',
    re: JS_ESCAPE,
    decode: (m) => {
      if (m[5] !== undefined) return SIMPLE[m[5]]!;
      const hex = m[1] ?? m[2] ?? m[3];
      return hex !== undefined ? char(parseInt(hex, 16)) : parseInt(m[4]!, 8) <= 0xff ? char(parseInt(m[4]!, 8)) : null;
    },
    // \" \/ \n … alone are the json-unescaped view's (text.ts): only numeric escapes count
    // (walked too, so a run goes on across a \/ inside a key)
    find: JS_ESCAPE,
    counts: (m) => m[5] === undefined,
    hint: (t) => t.indexOf('\\') >= 0,
  },
  {
    encoding: 'html-entities',
    re: /&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z]{2,8}));?/g,
    decode: (m) => {
      if (m[3] !== undefined) return m[0].endsWith(';') ? NAMED[m[3]] ?? null : null;
      return char(m[1] !== undefined ? parseInt(m[1], 10) : parseInt(m[2]!, 16));
    },
    find: /&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z]{2,8})(?=;));?/g,
    hint: (t) => t.indexOf('&') >= 0,
  },
  {
    encoding: 'percent',
    re: /%([0-9a-fA-F]{2})/g,
    // ASCII only: a multi-byte UTF-8 sequence is not part of a key
    decode: (m) => (parseInt(m[1]!, 16) < 0x80 ? String.fromCharCode(parseInt(m[1]!, 16)) : null),
    // %2B %2F %3D in base64 runs are the url-decoded view's (text.ts); %XX of other key characters
    find: /%(2[dD]|3[0-9]|[46][1-9a-fA-F]|[57][0-9aA]|5[fF])/g,
    hint: (t) => t.indexOf('%') >= 0,
  },
  {
    encoding: 'quoted-printable',
    re: /=(?:\r?\n|([0-9A-F]{2}))/g,
    decode: (m) => (m[1] === undefined ? '' : parseInt(m[1], 16) < 0x80 ? String.fromCharCode(parseInt(m[1], 16)) : null),
    find: /=(?:\r?\n|([0-9A-F]{2}))/g,
    // a MIME part says it is quoted-printable; `=` elsewhere is assignment, not an escape
    hintEnough: true,
    hint: (t) => (t.indexOf('uoted-printable') >= 0 || t.indexOf('UOTED-PRINTABLE') >= 0) && /content-transfer-encoding:[ \t]*quoted-printable/i.test(t),
  },
];

/** True if an escape of `style` decodes to part of a key-like run (the trigger for its view). */
export function hidesToken(text: string, style: Style): boolean {
  if (!style.hint(text)) return false;
  const re = style.find;
  re.lastIndex = 0;
  if (style.hintEnough) return re.test(text);
  let run = 0;
  let decoded = false;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const back = tokensBefore(text, m.index, last);
    if (back < m.index - last) (run = back), (decoded = false);
    else run += back;
    const d = style.decode(m);
    // a soft line break (quoted-printable) decodes to nothing and joins the runs around it
    if (d === '' || (d !== null && allToken(d))) {
      run += d.length;
      decoded ||= d !== '' && (!style.counts || style.counts(m));
    } else (run = 0), (decoded = false);
    last = m.index + m[0].length;
    if (decoded && run + tokensAfter(text, last) >= TOKEN_RUN) return true;
  }
  return false;
}

/** Key characters right before `at`, back to `from` (at most TOKEN_RUN). */
function tokensBefore(text: string, at: number, from: number): number {
  let n = 0;
  while (n < TOKEN_RUN && at - 1 - n >= from && isToken(text.charCodeAt(at - 1 - n))) n++;
  return n;
}

function tokensAfter(text: string, at: number): number {
  let n = 0;
  while (n < TOKEN_RUN && at + n < text.length && isToken(text.charCodeAt(at + n))) n++;
  return n;
}

/** The text with every escape of `style` decoded; null when nothing changed. */
export function escapeView(text: string, style: Style): { text: string; map: OffsetMap } | null {
  const view = new ViewBuilder(text);
  const re = new RegExp(style.re.source, 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const d = style.decode(m);
    if (d !== null) view.replace(m.index, m.index + m[0].length, d);
  }
  return view.changed ? view.finish() : null;
}
