// Go (RE2) regex syntax as gitleaks configs write it, in JavaScript: what maps is rewritten
// (and means the same on sample text), what does not is a warning naming the construct.
import { describe, expect, test } from '@jest/globals';
import { goRegexToJs } from '../../src/config/go-regex.js';

const js = (go: string) => goRegexToJs(go);

describe('goRegexToJs', () => {
  test.each([
    ['(?i)token=([a-z0-9]{8})', 'token=([a-z0-9]{8})', 'i', 'TOKEN=AB12cd34'],
    ['(?is)begin.(?P<body>x+)', 'begin.(?<body>x+)', 'is', 'BEGIN\nxx'],
    ['\\Akey=\\d+\\z', '^key=\\d+$', '', 'key=42'],
    ['[[:alnum:]_]{4}', '[a-zA-Z0-9_]{4}', '', 'ab_9'],
    ['[^[:space:]]+', '[^ \\t\\n\\r\\f\\v]+', '', 'x'],
    ['[]a]+', '[\\]a]+', '', ']a]'],
    ['\\Qa.b*c\\E', 'a\\.b\\*c', '', 'a.b*c'],
  ])('%s → /%s/%s', (go, pattern, flags, sample) => {
    const t = js(go);
    expect([t.pattern, t.flags, t.warnings]).toEqual([pattern, flags, []]);
    expect(new RegExp(t.pattern!, t.flags).test(sample)).toBe(true);
  });

  test('inline flags inside the pattern: applied to the whole regex, with a warning', () => {
    const t = js('key(?i)=([a-z]+)');
    expect([t.pattern, t.flags]).toEqual(['key=([a-z]+)', 'i']);
    expect(t.warnings).toEqual(['inline flags (?i) inside the pattern: JavaScript has only whole-regex flags, so the whole pattern now ignores case']);
    const g = js('a(?i:b)c');
    expect([g.pattern, g.flags, g.warnings.length]).toEqual(['a(?:b)c', 'i', 1]);
  });

  test('what JavaScript lacks: a warning, and no pattern when it cannot be valid', () => {
    expect(js('(?U)a+').warnings).toEqual(['(?U) (ungreedy) has no JavaScript equivalent: repeats stay greedy']);
    const u = js('\\pL+');
    expect(u.pattern).toBeUndefined();
    expect(u.warnings[0]).toMatch(/^\\p \(Unicode classes, \\x\{…\}\) needs JavaScript's u flag/);
    const bad = js('a{2,1}');
    expect(bad.pattern).toBeUndefined();
    expect(bad.warnings[0]).toMatch(/^not a valid JavaScript regex after translation: /);
  });
});
