// A decoded view (base64 runs, escapes) of a long text keeps only the original around what it
// decoded (the engine's viewWindows): its hits are the whole view's that the raw text does not have.
import { beforeAll, describe, expect, test } from '@jest/globals';
import { base64View } from '../../src/decode/base64.js';
import { escapeView, STYLES } from '../../src/decode/escapes.js';
import { placeViewHits, originOf, ViewBuilder } from '../../src/decode/view-map.js';
import { Engine } from '../../src/engine/detect.js';
import { viewWindows } from '../../src/engine/windows.js';
import { loadRules, type RuleSet } from '../../src/rules/load.js';
import type { ViewWindows } from '../../src/types.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';

describe('ViewBuilder.finish(windows)', () => {
  const src = `${'a'.repeat(100)}XX${'b'.repeat(100)}YY${'c'.repeat(100)}`;
  const build = (w?: ViewWindows) => {
    const v = new ViewBuilder(src);
    v.replace(100, 102, 'one');
    v.replace(202, 204, 'two');
    return v.finish(w);
  };

  test('keeps `context` either side of each change, `gap` newlines for what lies between', () => {
    const v = build({ context: 10, gap: 3 });
    expect(v.text).toBe(`${'a'.repeat(10)}one${'b'.repeat(10)}\n\n\n${'b'.repeat(10)}two${'c'.repeat(10)}`);
    // every kept character maps to itself in the original
    for (let i = 0; i < v.text.length; i++) {
      const ch = v.text[i]!;
      if (ch === 'a' || ch === 'b' || ch === 'c') expect([i, src[v.map.toOrig(i)]]).toEqual([i, ch]);
    }
    expect(v.map.toOrig(v.text.indexOf('one'))).toBe(100);
    expect(v.map.toOrig(v.text.indexOf('two') + 3, true)).toBe(204);
    // the view ends where its last kept character does
    expect(v.map.toOrig(v.text.length, true)).toBe(214);
  });

  test('changes closer than twice the context (and the gap) keep all between; no windows keep all', () => {
    expect(build({ context: 50, gap: 3 }).text).toBe(`${'a'.repeat(50)}one${'b'.repeat(100)}two${'c'.repeat(50)}`);
    expect(build().text).toBe(`${'a'.repeat(100)}one${'b'.repeat(100)}two${'c'.repeat(100)}`);
  });
});

describe('a windowed base64 view finds what the whole view finds', () => {
  let set: RuleSet;
  let engine: Engine;
  beforeAll(async () => {
    set = await loadRules({ builtin: true, extra: [] });
    engine = new Engine(set);
  });

  const b64 = (s: string) => Buffer.from(s).toString('base64');
  /** Filler lines of code with no rule keyword, `n` characters or a little more. */
  const filler = (n: number, seed: number) => {
    const out: string[] = [];
    for (let len = 0, i = seed; len < n; i++) {
      const line = `var v${i} = f(${(i * 7919) % 1000}, "item ${i}");`;
      out.push(line);
      len += line.length + 1;
    }
    return out.join('\n') + '\n';
  };
  const credentials = () => {
    const { keyId } = fakeKeyId();
    return { keyId, secret: fakeSecret() };
  };
  /** Placed hits of a view as comparable strings (rule, secret, span). */
  const hitsOf = (text: string, view: { text: string; map: Parameters<typeof originOf>[1] }) =>
    placeViewHits(engine.detect(view.text), view.text, originOf(text, view.map, undefined))
      .map((h) => `${h.ruleId} ${h.secret} ${h.span.line}:${h.span.column}-${h.span.endLine}:${h.span.endColumn}`)
      .sort();

  test('runs far apart in a long text, plain keys between and near them: same hits, less text', () => {
    const w = viewWindows(set);
    const far = 2 * w.context + w.gap + 1000;
    const [a, b, plain, near, lone] = [credentials(), credentials(), credentials(), credentials(), credentials()];
    const text = [
      filler(far, 0),
      `export DEPLOY_B64=${b64(`AWS_ACCESS_KEY_ID=${a.keyId}\n`)}\n`,
      // the secret of the key id decoded above, in plain text 800 characters on: the pair
      // spans both
      filler(800, 6),
      `AWS_SECRET_ACCESS_KEY=${a.secret}\n`,
      // a lone secret at the end of this run's window and a lone key id at the start of the
      // next one's: far apart in the text, so no pair, however close the windows are put
      filler(w.context - 400, 1),
      `aws_secret_access_key = ${lone.secret}\n`,
      filler(far, 2),
      `aws_access_key_id = ${plain.keyId}\naws_secret_access_key = ${plain.secret}\n`,
      filler(far, 3),
      `lone_key_id = ${lone.keyId}\n`,
      filler(w.context - 400, 4),
      // a lone plain key id just before a decoded pair: in the view's context, not its pair
      `near_id = ${near.keyId}\n`,
      `CI_B64=${b64(`aws_access_key_id=${b.keyId}\naws_secret_access_key=${b.secret}\n`)}\n`,
      filler(far, 5),
    ].join('');
    const whole = base64View(text)!;
    const windowed = base64View(text, { windows: w })!;
    expect(windowed.text.length).toBeLessThan(whole.text.length / 2);
    const raw = new Set(hitsOf(text, { text, map: new ViewBuilder(text).finish().map }));
    const inWhole = hitsOf(text, whole);
    const inWindowed = hitsOf(text, windowed);
    // what only a decoded view reports is the same; what the raw text reports may be left out
    expect(inWindowed.filter((h) => !raw.has(h))).toEqual(inWhole.filter((h) => !raw.has(h)));
    expect(inWindowed.filter((h) => !inWhole.includes(h))).toEqual([]);
    expect(inWhole.filter((h) => !raw.has(h)).length).toBeGreaterThanOrEqual(2);
    for (const k of [a, b]) expect([k.keyId, inWindowed.some((h) => h.includes(k.keyId) && h.includes(k.secret))]).toEqual([k.keyId, true]);
  });

  test('an escape view keeps the same windows: a \\u-escaped key id deep in a bundle', () => {
    const w = viewWindows(set);
    const far = 2 * w.context + w.gap + 1000;
    const k = credentials();
    const escaped = [...k.keyId].map((c) => '\\u00' + c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
    const text = `${filler(far, 0)}var c={id:"${escaped}",key:"${k.secret}"};\n${filler(far, 1)}`;
    const style = STYLES.find((s) => s.encoding === 'js-escapes')!;
    const whole = escapeView(text, style)!;
    const windowed = escapeView(text, style, w)!;
    expect(windowed.text.length).toBeLessThan(whole.text.length / 2);
    expect(hitsOf(text, windowed)).toEqual(hitsOf(text, whole));
    expect(hitsOf(text, windowed).some((h) => h.includes(`${k.keyId}:${k.secret}`))).toBe(true);
  });
});
