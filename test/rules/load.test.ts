// Rule files are validated field by field; every error names the file and the rule id.
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { compileRuleFiles, loadRules, RuleLoadError } from '../../src/rules/load.js';
import { checkRules } from '../../src/rules/check.js';
import { PROVIDERS } from '../../src/providers/index.js';
import { runCli, tempDir } from '../helpers/cli.js';

const good = `
  - id: demo-token
    name: Demo token
    description: A demo token.
    severity: low
    keywords: [demo_]
    pattern: 'demo_(?<secret>[a-z0-9]{24})'
    examples: ['t = demo_{{alnum:24}}']
    negativeExamples: ['t = demo_short']
`;

async function problems(yaml: string): Promise<string[]> {
  try {
    await compileRuleFiles([{ file: 'custom.yaml', text: yaml }]);
    return [];
  } catch (e) {
    if (e instanceof RuleLoadError) return e.problems;
    throw e;
  }
}

describe('rule loading', () => {
  it('refuses a pattern that matches the empty string, and its compiled regex is left ready to scan', async () => {
    const empty = good.replace("'demo_(?<secret>[a-z0-9]{24})'", "'(?<secret>(?:demo_[a-z0-9]{24})?)'");
    expect(await problems(`rules:${empty}`)).toEqual(["custom.yaml: rule 'demo-token': pattern: matches the empty string"]);
    const set = await compileRuleFiles([{ file: 'custom.yaml', text: `rules:${good}` }]);
    expect(set.rules[0]!.regex.lastIndex).toBe(0);
  });

  it('accepts a well-formed rule', async () => {
    expect(await problems(`rules:${good}`)).toEqual([]);
  });

  it.each([
    ['no example', good.replace("    examples: ['t = demo_{{alnum:24}}']\n", ''), "custom.yaml: rule 'demo-token': at least one example is required"],
    ['an invalid regex', good.replace("'demo_(?<secret>[a-z0-9]{24})'", "'demo_(?<secret>[a-z0-9]{24}'"), "custom.yaml: rule 'demo-token': pattern: invalid regex"],
    ['no secret group', good.replace('(?<secret>[a-z0-9]{24})', '[a-z0-9]{24}'), "custom.yaml: rule 'demo-token': pattern: has no secret group (?<secret>…)"],
    ['a bad severity', good.replace('severity: low', 'severity: urgent'), "custom.yaml: rule 'demo-token': 'severity' must be one of"],
    ['a non-kebab id', good.replace('id: demo-token', 'id: Demo_Token'), "custom.yaml: rule 'Demo_Token': 'id' must be stable kebab-case"],
    ['an unknown field', good.replace('severity: low', 'severity: low\n    sevrity: low'), "custom.yaml: rule 'demo-token': unknown field 'sevrity'"],
    ['an unknown validator', good.replace('severity: low', 'severity: low\n    validators: [luhn]'), "custom.yaml: rule 'demo-token': unknown validator 'luhn'"],
    ['no keywords', good.replace('keywords: [demo_]', 'keywords: []'), "custom.yaml: rule 'demo-token': 'keywords' must be a non-empty list"],
    ['a keyword in another case than its case-sensitive pattern', good.replace('keywords: [demo_]', 'keywords: [DEMO_]'), "custom.yaml: rule 'demo-token': keyword 'DEMO_' is matched exactly (the rule has no 'i' flag) but the pattern spells it in another case"],
    ['a non-ASCII keyword', good.replace('keywords: [demo_]', 'keywords: [démo_]'), "custom.yaml: rule 'demo-token': keyword 'démo_' must be printable ASCII"],
  ])('rejects a rule with %s', async (_what, body, message) => {
    const p = await problems(`rules:${body}`);
    expect(p.length).toBeGreaterThan(0);
    expect(p.join('\n')).toContain(message);
  });

  it('accepts a keyword in any case when the rule has flags: i, and then matches it in any case', async () => {
    const yaml = `rules:${good.replace('keywords: [demo_]', 'keywords: [DEMO_]\n    flags: i')}`;
    expect(await problems(yaml)).toEqual([]);
    const rs = await compileRuleFiles([{ file: 'custom.yaml', text: yaml }]);
    const { Engine } = await import('../../src/engine/detect.js');
    const hits = new Engine(rs).detect(`t = Demo_${'k3'.repeat(12)}`);
    expect(hits.map((h) => [h.ruleId, h.secret])).toEqual([['demo-token', 'k3'.repeat(12)]]);
  });

  it('rejects a file whose provider: names no registered provider, naming the file', async () => {
    const known = PROVIDERS.map((p) => p.id).join(', ');
    expect(await problems(`provider: acme\nrules:${good}`)).toEqual([`custom.yaml: unknown provider 'acme' (known: ${known})`]);
    expect(await problems(`provider: [aws]\nrules:${good}`)).toEqual([`custom.yaml: unknown provider '["aws"]' (known: ${known})`]);
  });

  it('tags each rule and pair with the provider its file names', async () => {
    const rs = await compileRuleFiles([{ file: 'custom.yaml', text: `provider: aws\nrules:${good}` }, { file: 'plain.yaml', text: `rules:${good.replace('demo-token', 'plain-token')}` }]);
    expect(rs.rules.map((r) => [r.id, r.provider])).toEqual([['demo-token', 'aws'], ['plain-token', undefined]]);
    const builtin = await loadRules({ builtin: true });
    // Each shipped file is rules/<provider>.yaml and names that provider.
    expect([...builtin.rules, ...builtin.pairs].filter((r) => r.provider !== basename(r.file, '.yaml')).map((r) => r.id)).toEqual([]);
  });

  it('rejects a duplicate id, naming where it was first defined', async () => {
    const p = await problems(`rules:${good}${good}`);
    expect(p).toEqual(["custom.yaml: rule 'demo-token': duplicate id (first defined in custom.yaml)"]);
  });

  it('rejects a duplicate of a built-in id across files', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'mine.yaml'), `rules:${good.replace('demo-token', 'aws-access-key-id')}`);
    await expect(loadRules({ extra: [dir] })).rejects.toThrow(/mine\.yaml: rule 'aws-access-key-id': duplicate id \(first defined in .*aws\.yaml\)/);
  });

  it('reports YAML syntax errors with the file', async () => {
    expect((await problems('rules: [\n  - id: x'))[0]).toMatch(/^custom\.yaml: YAML error/);
  });
});

describe('rule self-check', () => {
  it('every shipped rule passes its examples and negative examples', async () => {
    const result = checkRules(await loadRules());
    expect(result.failures).toEqual([]);
    expect(result.rules).toBeGreaterThanOrEqual(7);
    expect(result.examples).toBeGreaterThanOrEqual(result.rules);
  });

  it('a rule whose example does not match fails the check', async () => {
    const rs = await compileRuleFiles([{ file: 'c.yaml', text: `rules:${good.replace("'t = demo_{{alnum:24}}'", "'t = demo_{{alnum:10}}'")}` }]);
    const r = checkRules(rs);
    expect(r.failures).toEqual([expect.objectContaining({ ruleId: 'demo-token', kind: 'example', problem: 'not found' })]);
  });

  it('a negative example that matches fails the check', async () => {
    const rs = await compileRuleFiles([{ file: 'c.yaml', text: `rules:${good.replace("'t = demo_short'", "'t = demo_{{alnum:24}}'")}` }]);
    expect(checkRules(rs).failures).toEqual([expect.objectContaining({ ruleId: 'demo-token', kind: 'negative' })]);
  });
});

describe('keyhound rules (CLI)', () => {
  it('list shows every rule, check passes on the shipped rules', async () => {
    const shipped = await loadRules();
    const list = runCli(['rules', 'list']);
    expect(list.code).toBe(0);
    for (const id of ['aws-access-key-id', 'aws-secret-access-key', 'aws-session-token', 'aws-access-key-pair']) expect(list.stdout).toContain(id);
    const check = runCli(['rules', 'check'], { input: list.stdout });
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(new RegExp(`^${shipped.rules.length + shipped.pairs.length} rules: \\d+ examples, \\d+ negative examples, 0 failure\\(s\\)`, 'm'));
  });

  it('check exits 1 on a failing custom rule and 2 on an invalid one', () => {
    const dir = tempDir();
    const failing = join(dir, 'failing.yaml');
    writeFileSync(failing, `rules:${good.replace("'t = demo_short'", "'t = demo_{{alnum:24}}'")}`);
    const r = runCli(['rules', 'check', failing]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL demo-token');
    const invalid = join(dir, 'invalid.yaml');
    writeFileSync(invalid, `rules:${good.replace('severity: low', 'severity: urgent')}`);
    const bad = runCli(['scan', '-', '--rules', invalid], { input: 'x' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("invalid.yaml: rule 'demo-token': 'severity' must be one of");
  });

  it('a custom rule from --rules finds its secret', () => {
    const dir = tempDir();
    const file = join(dir, 'demo.yaml');
    writeFileSync(file, `rules:${good}`);
    const r = runCli(['scan', '-', '--rules', file, '--format', 'json'], { input: `x\n  t = demo_abcdefghijklmnopqrstuvwx\n` });
    expect(r.code).toBe(1);
    const f = JSON.parse(r.stdout).findings[0];
    expect(f.ruleId).toBe('demo-token');
    expect(f.locations[0]).toMatchObject({ line: 2, column: 12 });
  });
});
