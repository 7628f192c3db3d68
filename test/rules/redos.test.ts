// The load-time check for catastrophic-backtracking regexes: what it rejects, what it lets
// through (left to the run-time budget), and that every built-in rule passes it.
import { dangerousConstruct } from '../../src/rules/redos.js';
import { loadRules } from '../../src/rules/load.js';

describe('dangerousConstruct', () => {
  it.each([
    ['(a+)+', "nested unbounded quantifiers in '(a+)+'"],
    ['(?<secret>(a+)+$)', "nested unbounded quantifiers in '(a+)+'"],
    ['(a*)*', "nested unbounded quantifiers in '(a*)*'"],
    ['(.*)*', "nested unbounded quantifiers in '(.*)*'"],
    ['x(\\w+\\s?)+y', "nested unbounded quantifiers in '(\\w+\\s?)+'"],
    ['(?:a{2,})*', "nested unbounded quantifiers in '(?:a{2,})*'"],
    ['((?:ab+))+', "nested unbounded quantifiers in '((?:ab+))+'"],
    ['(?:a+){2,50}', "nested unbounded quantifiers in '(?:a+){2,50}'"],
    ['(a|a)*', "alternatives that match the same text under a repeat in '(a|a)*'"],
    ['(?<x>ab|cd|ab)+z', "alternatives that match the same text under a repeat in '(?<x>ab|cd|ab)+'"],
  ])('rejects %s', (pattern, message) => {
    expect(dangerousConstruct(pattern)).toBe(message);
  });

  it.each([
    '(?<secret>(a|aa)+$)', // overlapping alternatives: left to the run-time budget
    '(?<secret>(a)\\1*$)',
    '(?<![A-Za-z0-9])(?<secret>AKIA[A-Z2-7]{16})',
    '(?:[A-Za-z0-9+/]{4}){10,}',
    '(?:ab+){2}', // a small bounded repeat is polynomial at worst
    '[(a+)+]+', // a class, not a group
    '\\(a+\\)+', // escaped parentheses
    'x(?<=a+)y',
    '\\u{1F600}(?:ab)+',
  ])('lets %s through', (pattern) => {
    expect(dangerousConstruct(pattern)).toBeUndefined();
  });
});

it('every built-in rule pattern, near pattern and allowlist passes the load-time check', async () => {
  const rules = (await loadRules()).rules;
  expect(rules.length).toBeGreaterThan(5);
  for (const r of rules) {
    expect(r.trusted).toBe(true);
    for (const re of [r.regex, ...(r.near ? [r.near.regex] : []), ...r.allowRegexes, ...r.allowPaths]) {
      expect([r.id, dangerousConstruct(re.source)]).toEqual([r.id, undefined]);
    }
  }
});
