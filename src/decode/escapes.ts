// Keys written with escapes: HTML entities, JS/JSON/Python/Java/C string escapes (\uXXXX,
// \u{…}, \xNN, octal), percent-encoding and quoted-printable (.eml). Each style is a view of
// the text with its escapes decoded, mapped back so a hit points at the escaped text.
//
// A view costs a second engine pass, so a style earns one only where an escape decodes to a
// character of a key-like run: at least KEY_RUN key characters in a row, one of them
// decoded (the `\u` escapes of a minified bundle are accents and symbols, not key runs).
import type { ViewWindows } from '../types.js';
import { OffsetMap, ViewBuilder } from './view-map.js';
import { isKeyChar, KEY_RUN, keyCharsAfter, keyCharsBefore } from './key-run.js';

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
  /** A whole-text precondition besides the gate. */
  hint?(text: string): boolean;
  /**
   * Where one of its escapes could start a key run, at least (a superset of the trigger). The
   * gates of all styles make one regex (escapeStylesIn): one native pass settles most texts.
   */
  gate: RegExp;
  /** The hint alone earns the view (given one escape): it says the whole text is encoded. */
  hintEnough?: boolean;
  /**
   * Lower-case literals, one of which starts (in some ASCII case) wherever `gate` matches: the
   * engine's keyword pass reports them (ESCAPE_MARKS), so most texts need no gate pass at all.
   */
  marks: readonly string[];
}

const DIGITS = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

function allToken(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isKeyChar(s.charCodeAt(i))) return false;
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

/**
 * JS_ESCAPE's matches that can make a key run (same groups, so decode reads them alike): the
 * numeric escapes of 0x20-0x7f (every key character is in it), \/ and \\. In a bundle full of
 * \n and \" these are few, and hidesToken walks only them.
 */
const JS_TOKEN_ESCAPE = /\\(?:u\{(0{0,4}[2-7][0-9a-fA-F])\}|u(00[2-7][0-9a-fA-F])|x([2-7][0-9a-fA-F])|([0-7]{1,3})|([/\\]))/g;

const PERCENT_GATE = /%(?:2[dD]|3[0-9]|[46][1-9a-fA-F]|[57][0-9aA]|5[fF])/;

/** The header value in the cases mailers write it (a case-insensitive regex is ~4x slower). */
const QP_GATE = /uoted-[Pp]rintable|UOTED-PRINTABLE/;

export const STYLES: readonly Style[] = [
  {
    encoding: 'js-escapes',
    re: JS_ESCAPE,
    decode: (m) => {
      if (m[5] !== undefined) return SIMPLE[m[5]]!;
      const hex = m[1] ?? m[2] ?? m[3];
      return hex !== undefined ? char(parseInt(hex, 16)) : parseInt(m[4]!, 8) <= 0xff ? char(parseInt(m[4]!, 8)) : null;
    },
    // \" \/ \n … alone are the json-unescaped view's (text.ts): only numeric escapes count.
    // Walked: those of key characters, \/ (a run goes on across it inside a key) and \\ (so
    // the x41 of \\x41 is not an escape); any other escape breaks a run as its backslash does.
    find: JS_TOKEN_ESCAPE,
    counts: (m) => m[5] === undefined,
    gate: /\\(?:x[2-7][0-9a-fA-F]|u00[2-7][0-9a-fA-F]|u\{0{0,4}[2-7]|[0-7])/,
    marks: [...DIGITS(2, 7).flatMap((d) => [`\\x${d}`, `\\u00${d}`]), '\\u{', ...DIGITS(0, 7).map((d) => `\\${d}`)],
  },
  {
    encoding: 'html-entities',
    re: /&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z]{2,8}));?/g,
    decode: (m) => {
      if (m[3] !== undefined) return m[0].endsWith(';') ? NAMED[m[3]] ?? null : null;
      return char(m[1] !== undefined ? parseInt(m[1], 10) : parseInt(m[2]!, 16));
    },
    // numeric entities and the named ones of key characters; others break a run as `&` does
    find: /&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|(sol|plus|lowbar|hyphen|dash)(?=;));?/g,
    gate: /&(?:#|(?:sol|plus|lowbar|hyphen|dash);)/,
    marks: ['&#', '&sol;', '&plus;', '&lowbar;', '&hyphen;', '&dash;'],
  },
  {
    encoding: 'percent',
    re: /%([0-9a-fA-F]{2})/g,
    // ASCII only: a multi-byte UTF-8 sequence is not part of a key
    decode: (m) => (parseInt(m[1]!, 16) < 0x80 ? String.fromCharCode(parseInt(m[1]!, 16)) : null),
    // %2B %2F %3D in base64 runs are the url-decoded view's (text.ts); %XX of other key characters
    find: /%(2[dD]|3[0-9]|[46][1-9a-fA-F]|[57][0-9aA]|5[fF])/g,
    gate: PERCENT_GATE,
    marks: Array.from({ length: 256 }, (_, i) => `%${i.toString(16).padStart(2, '0')}`).filter((m) => PERCENT_GATE.test(m)),
  },
  {
    encoding: 'quoted-printable',
    re: /=(?:\r?\n|([0-9A-F]{2}))/g,
    decode: (m) => (m[1] === undefined ? '' : parseInt(m[1], 16) < 0x80 ? String.fromCharCode(parseInt(m[1], 16)) : null),
    find: /=(?:\r?\n|([0-9A-F]{2}))/g,
    // a MIME part says it is quoted-printable; `=` elsewhere is assignment, not an escape
    hintEnough: true,
    hint: (t) => /content-transfer-encoding:[ \t]*quoted-printable/i.test(t),
    gate: QP_GATE,
    marks: ['uoted-printable'],
  },
];

/**
 * The styles whose gate passes in `text`, each with where its first gate match is: one pass
 * of all gates (each a capture group), ended once every style is seen.
 */
export function escapeStylesIn(text: string): Array<{ style: Style; from: number }> {
  const out: Array<{ style: Style; from: number }> = [];
  const seen = new Array<boolean>(STYLES.length).fill(false);
  ANY_GATE_EACH.lastIndex = 0;
  for (let m = ANY_GATE_EACH.exec(text); m && out.length < STYLES.length; m = ANY_GATE_EACH.exec(text)) {
    const k = m.indexOf(m[0], 1) - 1;
    if (k >= 0 && !seen[k]) (seen[k] = true), out.push({ style: STYLES[k]!, from: m.index });
  }
  return out.sort((a, b) => STYLES.indexOf(a.style) - STYLES.indexOf(b.style));
}

const ANY_GATE_EACH = new RegExp(STYLES.map((s) => `(${s.gate.source})`).join('|'), 'g');

/** Every style's marks, for the engine's keyword pass (compile opts.marks). */
export const ESCAPE_MARKS: readonly string[] = STYLES.flatMap((s) => s.marks);

/**
 * escapeStylesIn, told by the marks a keyword pass saw instead of a pass of its own: a style
 * none of whose marks occurs has no gate match. `exact`: the marks' offsets are the text's
 * (else each style's walk finds its own start).
 */
export function escapeStylesMarked(marks: ReadonlyMap<string, number>, exact: boolean): Array<{ style: Style; from?: number }> {
  const out: Array<{ style: Style; from?: number }> = [];
  if (marks.size === 0) return out;
  for (const style of STYLES) {
    let from = Infinity;
    for (const m of style.marks) from = Math.min(from, marks.get(m) ?? Infinity);
    if (from !== Infinity) out.push(exact ? { style, from } : { style });
  }
  return out;
}

/**
 * True if an escape of `style` decodes to part of a key-like run (the trigger for its view).
 * `from`: where its gate first passes, when known (escapeStylesIn); the walk starts there.
 */
export function hidesToken(text: string, style: Style, from?: number): boolean {
  if (style.hint && !style.hint(text)) return false;
  if (from === undefined) {
    const g = style.gate.exec(text);
    if (!g) return false;
    from = g.index;
  }
  const re = style.find;
  // from the start of the backslashes before it, so that \\x41 still reads as \\ then x41
  while (from > 0 && text.charCodeAt(from - 1) === 0x5c) from--;
  re.lastIndex = from;
  if (style.hintEnough) return re.test(text);
  let run = 0;
  let decoded = false;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const back = keyCharsBefore(text, m.index, last);
    if (back < m.index - last) (run = back), (decoded = false);
    else run += back;
    const d = style.decode(m);
    // a soft line break (quoted-printable) decodes to nothing and joins the runs around it
    if (d === '' || (d !== null && allToken(d))) {
      run += d.length;
      decoded ||= d !== '' && (!style.counts || style.counts(m));
    } else (run = 0), (decoded = false);
    last = m.index + m[0].length;
    if (decoded && run + keyCharsAfter(text, last) >= KEY_RUN) return true;
  }
  return false;
}


/**
 * The text with every escape of `style` decoded; null when nothing changed. `windows`: keep
 * only that much of the text around the escapes (see ViewBuilder.finish).
 */
export function escapeView(text: string, style: Style, windows?: ViewWindows): { text: string; map: OffsetMap } | null {
  const view = new ViewBuilder(text);
  const re = new RegExp(style.re.source, 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const d = style.decode(m);
    if (d !== null) view.replace(m.index, m.index + m[0].length, d);
  }
  return view.changed ? view.finish(windows) : null;
}
