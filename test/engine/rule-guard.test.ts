// Which user rules run under the time budget's watchdog: those whose worst case the
// backtracking bound cannot keep small. The others run without it and find exactly the same.
import { compileRuleFiles, type CompiledRule, type RuleSet } from '../../src/rules/load.js';
import { Engine } from '../../src/engine/detect.js';
import { needsBudget } from '../../src/engine/rule-guard.js';
import { randomFrom } from '../helpers/keys.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const PREFIXES = ['ab1_', 'zq_', 'kx9p_', 'tt_', 'm4k_'];
const GENERIC = ['password', 'token', 'api_key'];

function ruleYaml(): string {
  const tokens = PREFIXES.map((p, i) => `  - id: tok-${i}\n    name: Tok ${i}\n    description: A user rule.\n    severity: low\n    keywords: ['${p}']\n    pattern: '(?<![A-Za-z0-9_])(?<secret>${p}[A-Za-z0-9]{30})(?![A-Za-z0-9])'\n    examples: ['t = ${p}{{alnum:30}}']\n`);
  const generic = GENERIC.map((k, i) => `  - id: gen-${i}\n    name: Gen ${i}\n    description: A user rule.\n    severity: low\n    flags: i\n    keywords: ['${k}']\n    pattern: '${k}["'''']?[ \\t]{0,4}[:=][ \\t]{0,4}["'''']?(?<secret>[A-Za-z0-9_+/=.-]{16,64})(?![A-Za-z0-9_+/=.-])'\n    examples: ['${k} = "{{alnum:24}}"']\n`);
  return `rules:\n${[...tokens, ...generic].join('')}`;
}

/** Text with tokens and assignments, near misses (too short, glued to a word) and noise. */
function corpus(lines: number): string {
  const out: string[] = [];
  const pick = <T>(a: T[]) => a[Math.floor(Math.random() * a.length)]!;
  for (let i = 0; i < lines; i++) {
    const p = pick(PREFIXES);
    const k = pick(GENERIC);
    out.push(pick([
      () => `const t = "${p}${randomFrom(ALNUM, 30)}";`,
      () => `x${p}${randomFrom(ALNUM, 30)} ${p}${randomFrom(ALNUM, 29)}`,
      () => `${k.toUpperCase()} = '${randomFrom(ALNUM, 16 + Math.floor(Math.random() * 50))}'`,
      () => `${k}:\t\t"${randomFrom(ALNUM, 70)}" ${k}=${randomFrom(ALNUM, 10)}`,
      () => randomFrom(`${ALNUM} _="':=\t`, 80),
    ])());
  }
  return out.join(Math.random() < 0.5 ? '\n' : ' ');
}

const view = (e: Engine, text: string) => e.detect(text).map((h) => [h.ruleId, h.secret, h.span.line, h.span.column, h.span.endColumn]);

describe('user rules without the watchdog', () => {
  let fast: RuleSet;
  beforeAll(async () => {
    fast = await compileRuleFiles([{ file: 'mine.yaml', text: ruleYaml() }]);
  });

  it('token and keyword = value rules are bounded enough to run without it', () => {
    expect(fast.rules.map((r) => [r.id, needsBudget(r)])).toEqual(fast.rules.map((r) => [r.id, false]));
  });

  it('find exactly what they find under the watchdog, on a generated corpus', () => {
    const guarded: RuleSet = { ...fast, rules: fast.rules.map((r): CompiledRule => ({ ...r, steps: Infinity })) };
    expect(guarded.rules.every(needsBudget)).toBe(true);
    const a = new Engine(fast);
    const b = new Engine(guarded);
    let found = 0;
    for (let n = 0; n < 40; n++) {
      const text = corpus(200);
      const hits = view(a, text);
      expect(hits).toEqual(view(b, text));
      found += hits.length;
    }
    expect(found).toBeGreaterThan(1000);
  });
});

it('a rule with bounded repeats that still backtracks exponentially keeps the watchdog: it times out, is named, and the scan goes on', async () => {
  const set = await compileRuleFiles([{ file: 'mine.yaml', text: "rules:\n  - id: fib\n    name: Fib\n    description: A user rule.\n    severity: low\n    keywords: [aaa]\n    pattern: '(?<secret>(?:a|aa){1,40}b)'\n    examples: ['aaab']\n  - id: tok\n    name: Tok\n    description: A user rule.\n    severity: low\n    keywords: ['zq_']\n    pattern: '(?<secret>zq_[a-z]{8})'\n    examples: ['zq_abcdefgh']\n" }]);
  expect(set.rules.map((r) => [r.id, needsBudget(r)])).toEqual([['fib', true], ['tok', false]]);
  const e = new Engine(set);
  const limits: Array<{ kind: string; ruleId: string }> = [];
  const hits = e.detect(`${'a'.repeat(20_000)}\nzq_abcdefgh\n`, { onLimit: (l) => limits.push(l) });
  expect(hits.map((h) => [h.ruleId, h.secret, h.span.line, h.span.column])).toEqual([['tok', 'zq_abcdefgh', 2, 1]]);
  expect(limits.map((l) => [l.kind, l.ruleId])).toEqual([['rule-timeout', 'fib']]);
});
