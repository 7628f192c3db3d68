// The rule catalog: `rules list` grouped by provider with offline validators, and the README's
// provider table, which must not drift from the rule files.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileRuleFiles, loadRules } from '../../src/rules/load.js';
import { README_BEGIN, README_END, catalog, catalogMarkdown, catalogText, replaceGenerated } from '../../src/rules/catalog.js';
import { runCli } from '../helpers/cli.js';

const rule = (id: string, extra = '') => `
  - id: ${id}
    name: ${id} name
    description: d.
    severity: high
    keywords: [kw_]
    pattern: 'kw_(?<secret>[a-z0-9]{24})'${extra}
    examples: ['t = kw_{{alnum:24}}']
`;

describe('catalog', () => {
  it('groups rules by provider (id order, files without one last) and names their validators', async () => {
    const rs = await compileRuleFiles([
      { file: 'b.yaml', text: `rules:${rule('plain-token')}` },
      { file: 'a.yaml', text: `provider: aws\nname: AWS\nrules:${rule('aws-demo', "\n    validators: [not-path]")}${rule('aws-other')}` },
    ]);
    const groups = catalog(rs);
    expect(groups.map((g) => [g.id, g.name, g.rules.map((r) => [r.id, r.validators])])).toEqual([
      ['aws', 'AWS', [['aws-demo', ['not-path']], ['aws-other', []]]],
      ['', 'other', [['plain-token', []]]],
    ]);
    const text = catalogText(groups).split('\n');
    expect(text[0]).toBe('AWS (aws): 2 rules, 1 validated offline');
    expect(text[1]).toBe('  aws-demo     high      aws-demo name  [kw_]  offline: not-path');
    expect(text[3]).toBe('other: 1 rule');
  });

  it('rejects a provider name that is not a string', async () => {
    await expect(compileRuleFiles([{ file: 'a.yaml', text: `provider: aws\nname: [x]\nrules:${rule('aws-demo')}` }])).rejects.toThrow(/a\.yaml: 'name' must be the provider's name/);
  });

  it('replaces only the generated block, and says so when the markers are missing', () => {
    const readme = `intro\n${README_BEGIN}\nold\n${README_END}\noutro\n`;
    expect(replaceGenerated(readme, 'new')).toBe(`intro\n${README_BEGIN}\nnew\n${README_END}\noutro\n`);
    expect(() => replaceGenerated('no markers', 'x')).toThrow(/providers:begin/);
  });

  it('the README lists every shipped provider, as generated from the rule files (run `npm run readme:providers` when this fails)', async () => {
    const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
    expect(replaceGenerated(readme, catalogMarkdown(catalog(await loadRules())))).toBe(readme);
  });
});

describe('keyhound rules list (CLI)', () => {
  it('text: a heading per provider, each rule with its offline validators', () => {
    const r = runCli(['rules', 'list']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const at = lines.findIndex((l) => l.startsWith('GitHub (github): '));
    expect(at).toBeGreaterThanOrEqual(0);
    expect(lines.slice(at + 1).find((l) => l.trimStart().startsWith('github-pat-classic '))).toMatch(/critical .*\[ghp_\] {2}offline: github-checksum$/);
    expect(lines.find((l) => l.trimStart().startsWith('github-pat-fine-grained '))).not.toMatch(/offline:/);
  });

  it('json: providers with their rules and validators', () => {
    const r = runCli(['rules', 'list', '--format', 'json']);
    expect(r.code).toBe(0);
    const { providers } = JSON.parse(r.stdout) as { providers: Array<{ id: string; name: string; rules: Array<{ id: string; validators: string[] }> }> };
    const npm = providers.find((p) => p.id === 'npm')!;
    expect(npm.name).toBe('npm');
    expect(npm.rules.find((x) => x.id === 'npm-access-token')!.validators).toEqual(['npm-checksum']);
    expect(new Set(providers.map((p) => p.id)).size).toBe(providers.length);
  });
});
