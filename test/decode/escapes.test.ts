// Escape views on their own: each style decodes and maps back; the trigger fires only where an
// escape is part of a key-like run.
import { describe, expect, test } from '@jest/globals';
import { escapeStylesIn, escapeView, hidesToken, STYLES, type EscapeEncoding } from '../../src/decode/escapes.js';

const style = (e: EscapeEncoding) => STYLES.find((s) => s.encoding === e)!;
const run = 'Ab3dEf6hIj9lMn2pQr5t'; // 20 key characters

describe('escape styles', () => {
  test.each([
    ['js-escapes', 'k="\\u0041b3d\\x45f6h\\111j9l\\u{4D}n2pQr5t"', 3],
    ['html-entities', 'k="&#65;b3d&#x45;f6hIj9lMn2pQr5t"', 3],
    ['percent', 'k=%41b3d%45f6hIj9lMn2pQr5t&x', 2],
  ] as const)('%s: decoded, mapped to the escaped text, and the trigger fires', (enc, text, start) => {
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
