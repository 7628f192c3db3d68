// User rules (--rules) are untrusted: a dangerous pattern is refused at load time, one that
// slips past is stopped at its time budget with a warning while every other rule still
// scans the text, and no rule can flood a report (match and location caps).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeKeyId } from '../helpers/keys.js';
import { locate, runCli, tempDir } from '../helpers/cli.js';
import { cleanupRepos, GitRepo } from '../helpers/git-repo.js';

afterAll(cleanupRepos);

interface Warning { kind: string; path: string; message: string }
interface Report {
  summary: { complete: boolean; findings: number };
  findings: Array<{ ruleId: string; secret: string; locations: Array<{ path: string; line: number; column: number }>; moreLocations?: number }>;
  warnings: Warning[];
}

function ruleFile(dir: string, id: string, pattern: string, keyword = 'aaa'): string {
  const file = join(dir, `${id}.yaml`);
  writeFileSync(file, `rules:\n  - id: ${id}\n    name: ${id}\n    description: A user rule.\n    severity: low\n    keywords: [${keyword}]\n    pattern: '${pattern}'\n    reach: {before: 65536, after: 65536}\n    examples: ['${keyword}b']\n`);
  return file;
}

/** A 50 KB line of 'a' (a catastrophe for the rule) with an AWS key id on the line after. */
function badLineAndKey(dir: string): { path: string; keyId: string; line: number; column: number } {
  const { keyId } = fakeKeyId();
  const text = `# config\n${'a'.repeat(50_000)}b\naws_access_key_id = ${keyId}\n`;
  const path = join(dir, 'data.txt');
  writeFileSync(path, text);
  return { path, keyId, ...locate(text, keyId) };
}

describe('a user rule that backtracks catastrophically', () => {
  it.each([
    ['(a+)+$', "nested unbounded quantifiers in '(a+)+'"],
    ['(\\w+\\s?)+', "nested unbounded quantifiers in '(\\w+\\s?)+'"],
    ['(a|a)*x', "alternatives that match the same text under a repeat in '(a|a)*'"],
  ])('%s is refused at load time: exit 2, naming the file and the rule id', (inner, what) => {
    const dir = tempDir('keyhound-rules-');
    const rules = ruleFile(dir, 'evil-rule', `(?<secret>${inner})`);
    writeFileSync(join(dir, 'x.txt'), 'nothing here\n');
    const r = runCli(['scan', join(dir, 'x.txt'), '--rules', rules, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${rules}: rule 'evil-rule': pattern: ${what} can backtrack exponentially`);
  });

  // (a|aa)+$ passes the load-time check; on 50 KB of 'a' it would run for ever.
  it.each([[[]], [['--workers', '0']]])('that slips past the check is stopped: rule-timeout warning, the AWS key beside it found (%j)', (extra) => {
    const dir = tempDir('keyhound-rules-');
    const rules = ruleFile(dir, 'slow-rule', '(?<secret>(a|aa)+$)');
    const { path, keyId, line, column } = badLineAndKey(dir);
    const started = Date.now();
    const r = runCli(['scan', dir, '--rules', rules, '--format', 'json', '--show-secrets', ...extra], { timeout: 90_000 });
    expect(Date.now() - started).toBeLessThan(90_000);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.findings.map((f) => [f.ruleId, f.secret, f.locations.map((l) => [l.path, l.line, l.column])])).toEqual([
      ['aws-access-key-id', keyId, [[path, line, column]]],
    ]);
    expect(report.warnings).toEqual([{ kind: 'rule-timeout', path, message: expect.stringContaining("rule 'slow-rule' ran past its") }]);
    expect(report.summary.complete).toBe(false);
    expect(r.stderr).toContain(`rule-timeout: ${path}: rule 'slow-rule'`);
  });

  it('is stopped in a history scan too (matched off the main thread, however many cores)', () => {
    const repo = GitRepo.init();
    const { keyId } = fakeKeyId();
    const text = `${'a'.repeat(50_000)}b\nkey = ${keyId}\n`;
    repo.commitFiles({ 'data.txt': text }, 'add data');
    const rules = ruleFile(tempDir('keyhound-rules-'), 'slow-rule', '(?<secret>(a|aa)+$)');
    const r = runCli(['git', repo.dir, '--rules', rules, '--format', 'json', '--show-secrets'], { timeout: 90_000 });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.findings.map((f) => [f.ruleId, f.secret, f.locations[0]!.line, f.locations[0]!.column])).toEqual([['aws-access-key-id', keyId, 2, 7]]);
    expect(report.warnings.map((w) => [w.kind, w.message.slice(0, 22)])).toEqual([['rule-timeout', "rule 'slow-rule' ran p"]]);
    expect(report.warnings[0]!.path).toContain('data.txt');
  });
});

describe('match caps', () => {
  it('a rule matching every character of a 5 MB file stops at 1,000 matches with a match-cap warning', () => {
    const dir = tempDir('keyhound-rules-');
    const rules = ruleFile(dir, 'every-char', '(?<secret>.)', 'zzz');
    const path = join(dir, 'big.txt');
    writeFileSync(path, `zzz${'a'.repeat(5 * 1024 * 1024)}\n`);
    // A heap far below the ~5 GB this took before the cap: over it, the process dies.
    const r = runCli(['scan', path, '--rules', rules, '--no-builtin-rules', '--format', 'json', '--show-secrets'], { env: { NODE_OPTIONS: '--max-old-space-size=256' }, timeout: 120_000 });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.findings.map((f) => [f.secret, f.locations.length, f.moreLocations])).toEqual([
      ['z', 3, undefined],
      ['a', 997, undefined],
    ]);
    expect(report.findings[1]!.locations[996]).toMatchObject({ path, line: 1, column: 1000 });
    expect(report.warnings).toEqual([{ kind: 'match-cap', path, message: expect.stringContaining("rule 'every-char' stopped after 1000 matches") }]);
    expect(report.summary.complete).toBe(false);
  });

  it('a key in more than 1,000 places is one finding listing 1,000 and counting the rest', () => {
    const dir = tempDir('keyhound-rules-');
    const { keyId } = fakeKeyId();
    // 3 files x 400 lines: under the per-text match cap, over the per-finding location cap.
    for (const name of ['a.env', 'b.env', 'c.env']) writeFileSync(join(dir, name), `id = ${keyId}\n`.repeat(400));
    const r = runCli(['scan', dir, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]!.locations).toHaveLength(1000);
    expect(report.findings[0]!.moreLocations).toBe(200);
    expect(report.warnings.map((w) => [w.kind, w.message])).toEqual([['location-cap', "a 'aws-access-key-id' finding is in more than 1000 places; the rest are counted (moreLocations), not listed"]]);
    expect(report.summary.complete).toBe(true);
    // The text report counts the unlisted ones too (it lists 10).
    expect(runCli(['scan', dir]).stdout).toContain('… and 1190 more locations');
  });
});
