// The base64 view on its own: which runs decode, where their decoded offsets point, and its bounds.
import { describe, expect, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { BASE64_MIN_RUN, base64View, bytesOf, hasBase64Text, jsTextRuns, newBudget, textRuns } from '../../src/decode/base64.js';
import { fakeKeyId } from '../helpers/keys.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('base64View', () => {
  test('a run that decodes to text is replaced by it; offsets map to the encoded characters', () => {
    const value = 'user=deploy;token=some-long-value-here';
    const text = `pre: ${b64(value)} post`;
    const v = base64View(text)!;
    expect(v.text).toBe(`pre: ${value} post`);
    const at = v.text.indexOf('token'); // decoded byte 12 → base64 character 16 of the run
    expect(v.map.toOrig(at)).toBe(5 + 16);
    expect(v.map.toOrig(v.text.length - 4)).toBe(text.length - 4); // after the run: shifted back
    expect(v.map.toOrig(v.text.indexOf(' post'), true)).toBe(text.indexOf(' post'));
  });

  test('URL-safe and unpadded runs decode; a run mixing both alphabets does not', () => {
    const value = 'key ~~~ value??? with url-unsafe bytes>>>';
    const url = Buffer.from(value).toString('base64url');
    expect(url).toMatch(/[-_]/);
    expect(base64View(`x ${url} y`)!.text).toBe(`x ${value} y`);
    const mixed = b64(value).replace(/[A-Z]/, '-');
    expect(mixed).toMatch(/[+/]/);
    expect(base64View(`x ${mixed} y`)).toBeNull();
  });

  test('binary, hex and short runs are left alone', () => {
    expect(hasBase64Text(bytesOf(randomBytes(600).toString('base64')))).toBe(false);
    expect(hasBase64Text(bytesOf(randomBytes(32).toString('hex')))).toBe(false);
    const short = b64('a short one').slice(0, BASE64_MIN_RUN - 1);
    expect(base64View(`v: ${short}`)).toBeNull();
    expect(base64View(`v: ${b64('ABCDEFGHIJKLMNOPQRSTUVWXYZ')}`)).not.toBeNull();
  });

  test('base64 in base64 decodes to the depth limit, then stays encoded', () => {
    const { keyId } = fakeKeyId();
    const twice = b64(`auth: ${b64(`name:${keyId}`)}`);
    const v = base64View(`v: ${twice}`)!;
    expect(v.text).toBe(`v: auth: name:${keyId}`);
    expect(base64View(`v: ${twice}`, { depth: 1 })!.text).toBe(`v: auth: ${b64(`name:${keyId}`)}`);
    // the key id, two decodings deep, maps into the outer run
    const inOuter = Math.floor((('auth: '.length + Math.floor((5 * 4) / 3)) * 4) / 3);
    expect(v.map.toOrig(v.text.indexOf(keyId))).toBe(3 + inOuter);
  });

  test('decoded bytes are capped per text: runs beyond the budget stay encoded', () => {
    const a = b64('first value of the text, long enough');
    const b = b64('second value of the text, long enough');
    const v = base64View(`${a}\n${b}`, { depth: 2, budget: { left: 40, capped: false, deeper: false } })!;
    expect(v.text).toBe(`first value of the text, long enough\n${b}`);
  });

  test('base64 one level deeper than decoded stays encoded and is said (budget.deeper); two levels are not', () => {
    const inner = 'the innermost text, long enough to be a run';
    const two = newBudget();
    expect(base64View(`x = "${b64(b64(inner))}"`, { budget: two })!.text).toBe(`x = "${inner}"`);
    expect(two.deeper).toBe(false);
    const three = newBudget();
    expect(base64View(`x = "${b64(b64(b64(inner)))}"`, { budget: three })!.text).toBe(`x = "${b64(inner)}"`);
    expect(three.deeper).toBe(true);
    // random bytes in base64 at the innermost level are no text: nothing to say
    const noise = newBudget();
    base64View(`x = "${b64(b64(Buffer.from(Array.from({ length: 48 }, (_, i) => (i * 73 + 11) % 256)).toString('base64')))}"`, { budget: noise });
    expect(noise.deeper).toBe(false);
  });
});

describe('textRuns: the runs the view looks at', () => {
  /** Maximal runs of 24+ base64 characters (padding after), whose quads start LOW over 48. */
  function oracle(text: string): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (const m of text.matchAll(/[A-Za-z0-9+/_-]{24,}(?:==?)?/g)) {
      const body = m[0].replace(/=+$/, '');
      let ok = true;
      for (let q = 0; q < Math.min(body.length, 48); q += 4) ok &&= /[A-Za-f]/.test(body[q]!);
      if (ok) out.push([m.index, m.index + m[0].length]);
    }
    return out;
  }

  test.each([
    ['WebAssembly', textRuns],
    ['JS', jsTextRuns],
  ])('%s: the same runs as a regex over random text of words, base64 values and separators', (_name, runsOf) => {
    // quads of text's base64 most of the time, so that long runs are common
    const quads = ['QUtJ', 'QUFC', 'aGVs', 'bG8g', 'dGV4', 'Zm9v', 'c2Vj'];
    const others = ['dA==', 'zz', 'camelCaseName', 'path/to/x', '-_', '+/', ' ', '.', '\n', '=', 'A', '9'];
    let seed = 5;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    let runs = 0;
    for (let n = 0; n < 3000; n++) {
      const pick = (from: string[]) => from[Math.floor(rnd() * from.length)]!;
      const text = Array.from({ length: 30 }, () => (rnd() < 0.75 ? pick(quads) : pick(others))).join('');
      const want = oracle(text);
      runs += want.length;
      expect([text, [...runsOf(bytesOf(text))]]).toEqual([text, want]);
    }
    expect(runs).toBeGreaterThan(500);
  });
});
