// Escape views on their own: each style decodes and maps back; the trigger fires only where an
// escape is part of a key-like run.
import { describe, expect, test } from '@jest/globals';
import { ESCAPE_MARKS, escapeStylesIn, escapeStylesMarked, escapeView, hidesToken, STYLES, type EscapeEncoding } from '../../src/decode/escapes.js';
import { KeywordIndex } from '../../src/engine/keywords.js';

const style = (e: EscapeEncoding) => STYLES.find((s) => s.encoding === e)!;
const run = 'Ab3dEf6hIj9lMn2pQr5t'; // 20 key characters

describe('escape styles', () => {
  test.each<['js-escapes' | 'html-entities' | 'percent', string, number]>([
    ['js-escapes', 'k="\\u0041b3d\\x45f6h\\111j9l\\u{4D}n2pQr5t"', 3],
    ['html-entities', 'k="&#65;b3d&#x45;f6hIj9lMn2pQr5t"', 3],
    ['percent', 'k=%41b3d%45f6hIj9lMn2pQr5t&x', 2],
  ])('%s: decoded, mapped to the escaped text, and the trigger fires', (enc, text, start) => {
    expect(hidesToken(text, style(enc))).toBe(true);
    const v = escapeView(text, style(enc))!;
    expect(v.text).toContain(run);
    expect(v.map.toOrig(v.text.indexOf(run))).toBe(start);
    expect(v.map.toOrig(v.text.indexOf(run) + run.length, true)).toBe(text.indexOf('5t') + 2);
  });

  test('quoted-printable: soft line breaks join, =3D decodes, only in a quoted-printable part', () => {
    const body = `k=3D${run.slice(0, 8)}=\r\n${run.slice(8)}\n`;
    const mail = `Content-Transfer-Encoding: quoted-printable\n\n${body}`;
    expect(hidesToken(mail, style('quoted-printable'))).toBe(true);
    const v = escapeView(mail, style('quoted-printable'))!;
    expect(v.text).toContain(`k=${run}`);
    expect(v.map.toOrig(v.text.indexOf(run))).toBe(mail.indexOf(run.slice(0, 8)));
    expect(hidesToken(body, style('quoted-printable'))).toBe(false);
  });

  test('an escaped backslash is not an escape', () => {
    expect(escapeView('a\\\\u0041b', style('js-escapes'))!.text).toBe('a\\u0041b');
  });

  test('escapes outside key-like runs do not trigger (bundles, markup, URLs)', () => {
    const bundle = 'var a="line\\nnext",b="caf\\u00e9 \\u20ac \\x41",c=/[\\u0041-\\u005A]/,d="\\0";'.repeat(50);
    expect(hidesToken(bundle, style('js-escapes'))).toBe(false);
    expect(hidesToken('if (a && b) x = "&amp; &lt;b&gt; &#169; fish &amp; chips"', style('html-entities'))).toBe(false);
    expect(hidesToken('GET /search?q=caf%C3%A9%20au%20lait&p=%2F', style('percent'))).toBe(false);
    // \/ alone is the json-unescaped view's business
    expect(hidesToken(`"${run}\\/${run}"`, style('js-escapes'))).toBe(false);
  });
});

describe('the gate in front of every style (one native pass per text)', () => {
  const keyChars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-';
  const hex = (c: string) => c.charCodeAt(0).toString(16).padStart(2, '0');
  const forms: Array<[EscapeEncoding, (c: string) => string[]]> = [
    ['js-escapes', (c) => [`\\x${hex(c)}`, `\\u00${hex(c).toUpperCase()}`, `\\u{${hex(c)}}`, `\\u{0000${hex(c)}}`, `\\${c.charCodeAt(0).toString(8)}`]],
    ['html-entities', (c) => [`&#${c.charCodeAt(0)};`, `&#x${hex(c)};`, `&#0${c.charCodeAt(0)}`]],
    ['percent', (c) => (/[A-Za-z0-9_-]/.test(c) ? [`%${hex(c)}`, `%${hex(c).toUpperCase()}`] : [])],
  ];

  test.each(forms)('%s: every escape of a key character that makes a run passes the gate', (enc, escapes) => {
    let checked = 0;
    for (const c of keyChars) {
      for (const e of escapes(c)) {
        const text = `k="${run.slice(0, 10)}${e}${run.slice(10)}"`;
        if (!hidesToken(text, style(enc))) continue; // not every form is a key run (octal of +/ …)
        checked++;
        const gated = escapeStylesIn(text).find((g) => g.style.encoding === enc);
        expect([enc, e, gated?.from]).toEqual([enc, e, 3 + 10]);
        expect(hidesToken(text, style(enc), gated!.from)).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(keyChars.length);
  });

  test('named entities of key characters, and quoted-printable in the cases mailers write', () => {
    for (const name of ['sol', 'plus', 'lowbar', 'hyphen', 'dash']) expect(escapeStylesIn(`a&${name};b`)).toEqual([{ style: style('html-entities'), from: 1 }]);
    for (const v of ['quoted-printable', 'Quoted-Printable', 'QUOTED-PRINTABLE']) {
      const mail = `Content-Transfer-Encoding: ${v}\n\nk=3D${run.slice(0, 8)}=\r\n${run.slice(8)}\n`;
      const gated = escapeStylesIn(mail).map((g) => g.style.encoding);
      expect([v, gated, hidesToken(mail, style('quoted-printable'))]).toEqual([v, ['quoted-printable'], true]);
    }
  });

  test('a bundle of \\n, \\", accents and && passes no gate', () => {
    expect(escapeStylesIn('var a="line\\nnext",b="caf\\u00e9 \\u20ac",c=a&&b?"&amp;":"%";'.repeat(20))).toEqual([]);
  });
});

describe('the marks: the keyword pass stands in for the gate pass', () => {
  const pass = new KeywordIndex([{ text: 'AKIA', ignoreCase: false }], { marks: ESCAPE_MARKS });
  // the styles whose trigger fires: what decides the views
  const firing = (text: string, styles: ReturnType<typeof escapeStylesMarked>) => styles.filter(({ style: s, from }) => hidesToken(text, s, from)).map((g) => g.style.encoding);

  test('on random text of escape characters: every gated style marked, no later start, the same triggers', () => {
    const alphabet = '\\\\xXuU{}0123456789aAfFgG&#;solpuhydan%-_=QPrtie';
    const heads = ['\\x', '\\X', '\\u00', '\\u{', '\\\\', '\\', '&#', '&#x', '&sol;', '&plus', '%', '%2', '=3D'];
    const tails = '0123456789abcdefABCDEFgG};';
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const pick = (s: string | string[]) => s[Math.floor(rnd() * s.length)]!;
    let gated = 0;
    for (let n = 0; n < 3000; n++) {
      const noise = Array.from({ length: 30 }, () => pick(alphabet)).join('');
      // an escape-like head and two characters, right before a key run (or none)
      const escape = `${pick(heads)}${pick(tails)}${pick(tails)}`;
      const text = rnd() < 0.3 ? noise : `${noise.slice(0, 15)}${escape}${run}${noise.slice(15)}`;
      const byGate = escapeStylesIn(text);
      const byMarks = escapeStylesMarked(pass.presentInBytes(Buffer.from(text, 'latin1')).marks, true);
      // marks are a superset of the gates (\\x2g is marked, not gated): never fewer styles
      for (const g of byGate) expect(byMarks.find((m) => m.style === g.style)!.from).toBeLessThanOrEqual(g.from);
      expect(firing(text, byMarks)).toEqual(firing(text, byGate));
      gated += firing(text, byGate).length;
    }
    expect(gated).toBeGreaterThan(150);
  });

  test('every mark is reported with its first start and selects no rule', () => {
    const text = 'a \\x41 b \\X41 %41 &#65; Content-Transfer-Encoding: QUOTED-PRINTABLE AKIA';
    const found = pass.presentInBytes(Buffer.from(text));
    expect([...found]).toEqual(['=AKIA']);
    expect(found.marks).toEqual(new Map([['\\x4', 2], ['%41', 14], ['&#', 18], ['uoted-printable', 52]]));
    // rule keywords only, for scan(): the marks' places are not replayed as keyword hits
    const hits: number[] = [];
    pass.each(text, (k) => hits.push(k));
    expect(hits).toEqual([0]);
  });

  test('styles without marks in the pass have no gate match: no text is read', () => {
    expect(escapeStylesMarked(new Map(), true)).toEqual([]);
    const utf8 = 'é\\x41';
    const marks = pass.presentInBytes(Buffer.from(utf8)).marks;
    // offsets of UTF-8 bytes are not the text's: the walk finds its own start
    expect(escapeStylesMarked(marks, false)).toEqual([{ style: style('js-escapes') }]);
  });
});

test('a walk started at the gate reads a run of backslashes as the text does', () => {
  const js = style('js-escapes');
  // \\ then x41: no escape, whatever key run follows
  const plain = `k="\\\\x41${run}"`;
  expect(escapeStylesIn(plain)).toEqual([{ style: js, from: 4 }]);
  expect(hidesToken(plain, js, 4)).toBe(false);
  // \\ then \x41: an escape that starts a key run
  const escaped = `k="\\\\\\x41${run}"`;
  expect(escapeStylesIn(escaped)).toEqual([{ style: js, from: 5 }]);
  expect(hidesToken(escaped, js, 5)).toBe(true);
});
