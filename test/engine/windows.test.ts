// A rule runs only in windows around its keyword hits (engine/windows.ts); what it finds must
// be exactly what a whole-text run finds: each match once, at the same span.
import { loadRules, compileRuleFiles, type RuleSet } from '../../src/rules/load.js';
import { Engine } from '../../src/engine/detect.js';
import { ruleWindows, viewWindows } from '../../src/engine/windows.js';
import { expandExample } from '../../src/rules/examples.js';
import { fakeKeyId, fakeSecret, fakeSessionToken } from '../helpers/keys.js';

/** The same rules with a reach so wide that every rule runs over the whole text. */
function wholeText(rs: RuleSet): Engine {
  return new Engine({ ...rs, rules: rs.rules.map((r) => ({ ...r, reach: { before: 1e9, after: 1e9 } })) });
}

let rules: RuleSet;
beforeAll(async () => {
  rules = await loadRules();
});

describe('ruleWindows', () => {
  it('widens each hit by the reach, merges overlapping ones, and clips to the text', () => {
    expect(ruleWindows([10, 14, 20, 24, 100, 104, 2, 6], { before: 5, after: 3 }, 1000)).toEqual([[0, 27], [95, 107]]);
  });

  it('runs over the whole text once the windows cover most of it', () => {
    expect(ruleWindows([10, 14, 60, 64], { before: 20, after: 20 }, 100)).toEqual([[0, 100]]);
  });
});

describe('windowed matching finds what a whole-text run finds', () => {
  it("on every built-in rule's examples and negatives, side by side in one text with keyword noise", () => {
    const parts: string[] = [];
    for (const r of [...rules.rules, ...rules.pairs]) {
      r.examples.forEach((ex, i) => parts.push(expandExample(ex.text, ex.secret, `${r.id}#${i}`).text));
      r.negativeExamples.forEach((ex, i) => parts.push(expandExample(ex, undefined, `${r.id}~${i}`).text));
    }
    // Keywords with no secret beside them, and the same examples glued end to end.
    const noise = ' AKIA secret_key SESSION_TOKEN da2- amzn.mws. ASIA\n';
    const text = parts.join(`\n${noise}${'x'.repeat(300)}\n`) + '\n' + parts.join(' ');
    const windowed = new Engine(rules).detect(text, { inlineAllow: false });
    expect(windowed.length).toBeGreaterThan(30);
    expect(windowed).toEqual(wholeText(rules).detect(text, { inlineAllow: false }));
  });

  it('on a text with thousands of keyword hits and keys among them', () => {
    const keys = Array.from({ length: 40 }, () => ({ ...fakeKeyId(), secret: fakeSecret() }));
    const lines = keys.map((k, i) => `${'AKIA '.repeat(i * 7)}id=${k.keyId} ${'secret_key '.repeat(i)}aws_secret_access_key = ${k.secret}`);
    const text = lines.join('\n');
    const windowed = new Engine(rules).detect(text);
    expect(windowed.filter((h) => h.ruleId === 'aws-access-key-pair').map((h) => h.secret)).toEqual(keys.map((k) => `${k.keyId}:${k.secret}`));
    expect(windowed).toEqual(wholeText(rules).detect(text));
  });

  it('finds a match that runs on past its declared reach in full (a long session token)', () => {
    const token = fakeSessionToken(3000);
    const text = `${'x'.repeat(5000)}\naws_session_token = ${token}\n${'y'.repeat(5000)}`;
    const hits = new Engine(rules).detect(text);
    expect(hits.map((h) => [h.ruleId, h.secret.length, h.span.line, h.span.column])).toEqual([['aws-session-token', 3000, 2, 21]]);
    expect(hits).toEqual(wholeText(rules).detect(text));
  });

  it('does not find a second match inside one a whole-text run already consumed', async () => {
    // Matches start at 'zz!' and run on (up to 2000 chars), declared reach 8: a later 'zz!'
    // inside a long match is no match of its own in a whole-text run, nor here.
    const rs = await compileRuleFiles([{ file: 'z.yaml', text: "rules:\n  - id: zz\n    name: zz\n    description: d\n    severity: low\n    keywords: [zz!]\n    pattern: 'zz!(?<secret>[a-z!]{3,2000})'\n    reach: {before: 0, after: 8}\n    examples: ['zz!abc']\n" }]);
    const text = `a zz!${'q'.repeat(600)}zz!inner zz!tail`;
    const hits = new Engine(rs).detect(text);
    expect(hits.map((h) => [h.secret, h.span.column])).toEqual([[`${'q'.repeat(600)}zz!inner`, 6], ['tail', 6 + 608 + 4]]);
    expect(hits).toEqual(wholeText(rs).detect(text));
  });
});

describe('viewWindows: what a decoded view keeps around a decoded part', () => {
  test('the widest reach, the widest near-anchor window, and twice a token distance of pairs', () => {
    const rule = (before: number, after: number, near?: number) => ({ reach: { before, after }, ...(near ? { near: { window: near } } : {}) });
    const set = { rules: [rule(10, 30), rule(70, 5, 40)], pairs: [{ window: 100 }, { window: 20 }] } as unknown as RuleSet;
    // a token pairs within 2 × 100 of its credential; a hit competing for it as far again
    expect(viewWindows(set)).toEqual({ context: 70 + 40 + 2 * 200, gap: 201 });
  });
});
