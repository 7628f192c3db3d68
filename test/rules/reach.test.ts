// A rule's reach: derived from the pattern's longest match, declared, or the rule is rejected.
import { compileRuleFiles, RuleLoadError } from '../../src/rules/load.js';
import { maxMatchLength } from '../../src/rules/reach.js';

describe('maxMatchLength', () => {
  it.each([
    ['demo_(?<secret>[a-z0-9]{24})', '', 29],
    ['(?<![A-Za-z0-9])(?<secret>(?:AKIA|ASIA)[A-Z2-7]{16})(?![A-Za-z0-9])', '', 20],
    ['a(?:bc|d)?e{2,5}\\d\\u0041\\x41.', '', 1 + 2 + 5 + 1 + 1 + 1 + 1],
    ['x.\\p{L}[^\\]]', 'u', 1 + 2 + 2 + 2],
    ['^ab$|\\bxyz\\b', '', 3],
  ])('%s (flags %s) matches at most %d chars', (pattern, flags, max) => {
    expect(maxMatchLength(pattern, flags)).toEqual({ max });
  });

  it.each([
    ['key=.*', '.*'],
    ['tok_[a-z]+', '[a-z]+'],
    ['x(?:ab){2,}', '(?:ab){2,}'],
    ['(a)\\1', '\\1'],
  ])('%s is unbounded, because of %s', (pattern, why) => {
    expect(maxMatchLength(pattern)).toEqual({ max: Infinity, unbounded: why });
  });
});

async function problems(rule: string): Promise<string[]> {
  const text = `rules:\n  - id: tok\n    name: Tok\n    description: d\n    severity: low\n    keywords: [tok_]\n${rule}    examples: ['tok_abcdef']\n`;
  try {
    await compileRuleFiles([{ file: 'mine.yaml', text }]);
    return [];
  } catch (e) {
    if (e instanceof RuleLoadError) return e.problems;
    throw e;
  }
}

describe('reach at load', () => {
  it('rejects an unbounded pattern without a declared reach, naming file, rule and construct', async () => {
    expect(await problems("    pattern: 'tok_(?<secret>[a-z]+)'\n")).toEqual([
      "mine.yaml: rule 'tok': pattern can match without bound ([a-z]+); give the repeat an upper bound ({n,m}), or declare how far a match reaches from its keyword: reach: {before: N, after: M}",
    ]);
  });

  it('accepts it with a declared reach, and derives one for a bounded pattern', async () => {
    const declared = await compileRuleFiles([{ file: 'a.yaml', text: "rules:\n  - id: tok\n    name: Tok\n    description: d\n    severity: low\n    keywords: [tok_]\n    pattern: 'tok_(?<secret>[a-z]+)'\n    reach: {before: 0, after: 40}\n    examples: ['tok_abcdef']\n" }]);
    expect(declared.rules[0]!.reach).toEqual({ before: 0, after: 40 });
    const derived = await compileRuleFiles([{ file: 'b.yaml', text: "rules:\n  - id: tok\n    name: Tok\n    description: d\n    severity: low\n    keywords: [tok_]\n    pattern: 'tok_(?<secret>[a-z]{6,30})'\n    examples: ['tok_abcdef']\n" }]);
    expect(derived.rules[0]!.reach).toEqual({ before: 34, after: 34 });
  });

  it.each([
    ['reach: 40', "'reach' must be {before: N, after: M}"],
    ['reach: {before: -1, after: 4}', "'reach' must be {before: N, after: M}"],
    ['reach: {before: 0, after: 70000}', 'integers from 0 to 65536'],
    ['reach: {before: 0, after: 4, around: 2}', "'reach' must be {before: N, after: M}"],
  ])('rejects %s', async (reach, message) => {
    const p = await problems(`    pattern: 'tok_(?<secret>[a-z]+)'\n    ${reach}\n`);
    expect(p).toHaveLength(1);
    expect(p[0]).toContain(`mine.yaml: rule 'tok': ${message}`.slice(0, 20));
    expect(p[0]).toContain(message);
  });
});
