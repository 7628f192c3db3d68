// Escape views on their own: each style decodes and maps back; the trigger fires only where an
// escape is part of a key-like run.
import { describe, expect, test } from '@jest/globals';
import { escapeView, hidesToken, STYLES, type EscapeEncoding } from '../../src/decode/escapes.js';

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
