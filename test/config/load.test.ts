// The config loader: the shipped examples validate against the JSON Schema and load; a
// misspelt or wrong key is refused naming file:line: key; which file applies (flag, env, root).
import { afterAll, describe, expect, test } from '@jest/globals';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv, { type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { ConfigError, findConfig, loadConfig } from '../../src/config/load.js';
import { SCHEMA_FILE } from '../../src/config/validate.js';
import { loadConfiguredRules } from '../../src/config/rules.js';
import { FORMATS } from '../../src/report/index.js';
import { cleanupRepos, tempDir } from '../helpers/git-repo.js';

afterAll(cleanupRepos);

const EXAMPLES = fileURLToPath(new URL('./examples/', import.meta.url));
const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml')).sort();
const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object;
// A second, independent validator: the schema file itself, as an editor would use it.
type AjvCtor = new (o: object) => { compile(s: object): ValidateFunction };
const AjvClass = ((Ajv as unknown as { default?: AjvCtor }).default ?? Ajv) as unknown as AjvCtor;
const validate = new AjvClass({ allErrors: true, allowUnionTypes: true }).compile(schema);

async function problemsOf(text: string, name = '.keyhound.yaml'): Promise<string[]> {
  const file = join(tempDir('keyhound-config-'), name);
  writeFileSync(file, text);
  try {
    await loadConfig(file);
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.problems.map((p) => p.replace(file, 'FILE'));
  }
}

describe('shipped example configs', () => {
  test('there are examples', () => expect(examples).toEqual(['custom-rules.keyhound.yaml', 'full.keyhound.yaml', 'minimal.keyhound.yaml']));

  test('the schema\'s formats are the report formats', () => {
    expect((schema as { properties: { format: { enum: string[] } } }).properties.format.enum).toEqual([...FORMATS]);
  });

  test.each(examples)('%s validates against the JSON Schema and loads, its rules checked', async (name) => {
    const file = join(EXAMPLES, name);
    expect(validate(parse(readFileSync(file, 'utf8')))).toBe(true);
    expect(validate.errors ?? null).toBeNull();
    const config = await loadConfig(file);
    expect(config.file).toBe(file);
    expect(config.warnings).toEqual([]);
    const set = await loadConfiguredRules([], true, config);
    for (const d of config.rules.disable) expect(set.rules.map((r) => r.id)).not.toContain(d.id);
    for (const r of config.rules.doc?.rules ?? []) expect(set.rules.find((x) => x.id === r.id)?.file).toBe(file);
  });

  test('full.keyhound.yaml: every key lands where it should, allowlist entries named by file:line', async () => {
    const file = join(EXAMPLES, 'full.keyhound.yaml');
    const c = await loadConfig(file);
    expect(c.rules.builtin).toBe(true);
    expect(c.rules.disable).toEqual([{ id: 'aws-session-token', where: `${file}:4` }]);
    expect(c.rules.allowlists.map((a) => a.source)).toEqual([15, 17, 20, 22, 25, 26].map((l) => `${file}:${l}`));
    expect(c.exclude).toEqual(['**/*.min.js.map', 'third_party/**']);
    expect(c.limits).toEqual({ maxFileSize: '64MB', maxDepth: 4, maxArchiveSize: '1GB', maxEntries: 50000, maxRatio: 100 });
    expect([c.format, c.failOn, c.defaultExcludes]).toEqual(['sarif', 'any', true]);
    expect(c.baseline).toBe(join(EXAMPLES, '.keyhound-baseline.json'));
    expect(c.ruleLines).toEqual({ 'acme-api-key': `${file}:6` });
  });
});

describe('problems name file:line: key', () => {
  test('a misspelt key: rejected by the schema and by the loader, at its line, with the known keys', async () => {
    const text = 'format: json\nallowlists:\n  - paths: [a]\n    pahts: [b]\n';
    expect(validate(parse(text))).toBe(false);
    expect(validate.errors?.map((e) => [e.keyword, e.instancePath, e.params])).toEqual([['additionalProperties', '/allowlists/0', { additionalProperty: 'pahts' }]]);
    const problems = await problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^FILE:4: allowlists\[0\]\.pahts: unknown key \(known: description, reason, rules, paths, pathRegexes,/);
  });

  test('a misspelt top-level key, a wrong type and a wrong enum value: each at its own line', async () => {
    expect(await problemsOf('builtinRules: true\nexlude: [x]\nlimits:\n  maxDepth: deep\nfailOn: sometimes\n')).toEqual([
      expect.stringMatching(/^FILE:2: exlude: unknown key \(known: builtinRules, /),
      'FILE:4: limits.maxDepth: must be integer',
      'FILE:5: failOn: must be equal to one of the allowed values: any, live, never',
    ]);
  });

  test('a rule field misspelt inside a custom rule; a YAML syntax error', async () => {
    const rule = 'rules:\n  - id: x-token\n    name: x\n    description: x\n    severity: low\n    keywords: [xtok]\n    patern: "xtok[0-9]{4}"\n    examples: []\n';
    expect(await problemsOf(rule)).toEqual([
      'FILE:2: rules[0].pattern: required',
      expect.stringMatching(/^FILE:7: rules\[0\]\.patern: unknown key \(known: id, /),
    ]);
    expect(await problemsOf('allowlists:\n  - paths: [a\n')).toEqual([expect.stringMatching(/^FILE:\d: YAML error: /)]);
  });

  test('a disabled id no rule has, a custom rule whose example it does not find: at their lines', async () => {
    const dir = tempDir('keyhound-config-');
    const file = join(dir, '.keyhound.yaml');
    writeFileSync(file, [
      'disabledRules:',
      '  - aws-access-key-id',
      '  - no-such-rule',
      'rules:',
      '  - id: x-token',
      '    name: X token',
      '    description: An X token.',
      '    severity: low',
      '    keywords: [xtok_]',
      "    pattern: '(?<secret>xtok_[0-9]{6})'",
      "    examples: ['xtok_12345']",
      '',
    ].join('\n'));
    const config = await loadConfig(file);
    const err = await loadConfiguredRules([], true, config).catch((e: unknown) => e);
    expect((err as ConfigError).problems).toEqual([`${file}:3: disabledRules: no rule or pair has the id 'no-such-rule'`]);
    writeFileSync(file, readFileSync(file, 'utf8').replace('  - no-such-rule\n', ''));
    const err2 = await loadConfiguredRules([], true, await loadConfig(file)).catch((e: unknown) => e);
    expect((err2 as ConfigError).problems).toEqual([`${file}:4: rule 'x-token': example #1: not found`]);
  });
});

describe('extending and replacing the built-in rules', () => {
  const rule = (id: string) => [
    'rules:',
    `  - id: ${id}`,
    '    name: Our key id rule',
    '    description: Key ids as our team writes them.',
    '    severity: critical',
    '    keywords: [AKIA]',
    "    pattern: '(?<secret>AKIA[A-Z2-7]{16})'",
    '    examples: []',
    '',
  ].join('\n');

  test('a config rule with a built-in id replaces that rule (and keeps its pairs); builtinRules: false keeps only the config\'s', async () => {
    const dir = tempDir('keyhound-config-');
    const file = join(dir, '.keyhound.yaml');
    writeFileSync(file, rule('aws-access-key-id'));
    const config = await loadConfig(file);
    expect(config.warnings).toEqual([`${file}:2: rule 'aws-access-key-id' has no examples: nothing checks that it finds what it should (add examples: [...])`]);
    const set = await loadConfiguredRules([], true, config);
    const ids = set.rules.filter((r) => r.id === 'aws-access-key-id');
    expect(ids.map((r) => [r.name, r.severity, r.file, r.trusted])).toEqual([['Our key id rule', 'critical', file, false]]);
    expect(set.pairs.map((p) => p.id)).toContain('aws-access-key-pair');
    writeFileSync(file, `builtinRules: false\n${rule('our-key-id')}`);
    const only = await loadConfiguredRules([], true, await loadConfig(file));
    expect([only.rules.map((r) => r.id), only.pairs]).toEqual([['our-key-id'], []]);
  });
});

describe('which config applies', () => {
  test('--config, else $KEYHOUND_CONFIG, else .keyhound.yaml at the root; --no-config: none', () => {
    const root = tempDir('keyhound-config-');
    const flag = join(root, 'flag.yaml');
    const env = join(root, 'env.yaml');
    for (const f of [flag, env]) writeFileSync(f, 'format: json\n');
    expect(findConfig({ root })).toBeUndefined();
    writeFileSync(join(root, '.keyhound.yaml'), 'format: json\n');
    expect(findConfig({ root })).toBe(join(root, '.keyhound.yaml'));
    expect(findConfig({ root, env })).toBe(env);
    expect(findConfig({ root, env, flag })).toBe(flag);
    expect(findConfig({ root, env, flag: false })).toBeUndefined();
  });

  test('a config over 1 MB is refused (a scanned repository controls it)', async () => {
    const problems = await problemsOf(`# ${'x'.repeat(1024 * 1024)}\nformat: json\n`);
    expect(problems).toEqual(['FILE: over 1048576 bytes: not a configuration file keyhound reads']);
  });

  test('a named file that does not exist is an error, not an empty config', () => {
    const root = tempDir('keyhound-config-');
    expect(() => findConfig({ root, flag: join(root, 'nope.yaml') })).toThrow(`${join(root, 'nope.yaml')}: no such config file`);
    expect(() => findConfig({ root, env: join(root, 'nope.yaml') })).toThrow('(from KEYHOUND_CONFIG)');
  });
});
