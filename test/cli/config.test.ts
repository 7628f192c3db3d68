// The config file as a user meets it through the CLI: custom rules, disabled rules,
// allowlists that hide exactly what they say, excludes in every mode, limits and defaults
// (flags win), and a bad config that stops the run with exit 2 naming file:line: key.
import { afterAll, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeHex, fakeKeyId, fakeSecret } from '../helpers/keys.js';
import { BIN, locate, runCli, tempDir } from '../helpers/cli.js';
import { identityXml, startFakeSts } from '../helpers/fake-sts.js';
import { cleanupRepos, GitRepo } from '../helpers/git-repo.js';

afterAll(cleanupRepos);

interface Report {
  summary: { findings: number; complete: boolean; warningsByKind: Record<string, number> };
  findings: Array<{ ruleId: string; secret: string; locations: Array<{ path: string; line: number; column: number }> }>;
}

const json = (stdout: string) => JSON.parse(stdout) as Report;
/** [ruleId, secret, path, line, column] per location, as the report lists them. */
const places = (r: Report) => r.findings.flatMap((f) => f.locations.map((l) => [f.ruleId, f.secret, l.path, l.line, l.column]));

function tree(files: Record<string, string>, config?: string): string {
  const dir = tempDir('keyhound-cfg-');
  for (const [p, text] of Object.entries(files)) {
    const repo = new GitRepo(dir);
    repo.write(p, text);
  }
  if (config !== undefined) writeFileSync(join(dir, '.keyhound.yaml'), config);
  return dir;
}

const ACME_RULE = [
  'rules:',
  '  - id: acme-deploy-token',
  '    name: ACME deploy token',
  '    description: A deploy token of ACME CI.',
  '    severity: high',
  '    keywords: [acmd_]',
  "    pattern: '(?<![a-z0-9_])(?<secret>acmd_[0-9a-f]{32})(?![0-9a-f])'",
  '    entropy: 3',
  '    examples:',
  "      - text: 'ACME_TOKEN=acmd_{{t=hex:32}}'",
  "        secret: 'acmd_{{t}}'",
  '    negativeExamples:',
  "      - 'ACME_TOKEN=acmd_00000000000000000000000000000000'",
  '',
].join('\n');

describe('custom and disabled rules', () => {
  test('a custom rule from the config finds its token at its place and not its negative example', () => {
    const token = `acmd_${fakeHex(32)}`;
    const text = `# ci\nACME_TOKEN=${token}\nOTHER=acmd_00000000000000000000000000000000\n`;
    const dir = tree({ 'ci.env': text }, ACME_RULE);
    const r = runCli(['scan', '--format', 'json', '--show-secrets', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const at = locate(text, token);
    expect(places(json(r.stdout))).toEqual([['acme-deploy-token', token, join(dir, 'ci.env'), at.line, at.column]]);
  });

  test('a disabled built-in rule stays silent; the other rules still report', () => {
    const { keyId } = fakeKeyId();
    const token = `acmd_${fakeHex(32)}`;
    const dir = tree({ 'a.txt': `aws_access_key_id = ${keyId}\nACME_TOKEN=${token}\n` }, `disabledRules: [aws-access-key-id]\n${ACME_RULE}`);
    const r = runCli(['scan', '--format', 'json', '--show-secrets', dir]);
    expect(r.code).toBe(1);
    expect(json(r.stdout).findings.map((f) => f.ruleId)).toEqual(['acme-deploy-token']);
    const all = runCli(['scan', '--format', 'json', '--show-secrets', '--no-config', dir]);
    expect(json(all.stdout).findings.map((f) => [f.ruleId, f.secret])).toEqual([['aws-access-key-id', keyId]]);
  });

  test('rules list --config lists the rules the config leaves in force', () => {
    const dir = tree({}, `disabledRules: [aws-access-key-id]\n${ACME_RULE}`);
    const r = runCli(['rules', 'list', '--format', 'json', '--config', join(dir, '.keyhound.yaml')]);
    expect(r.code).toBe(0);
    const ids = (JSON.parse(r.stdout) as { providers: Array<{ rules: Array<{ id: string }> }> }).providers.flatMap((p) => p.rules.map((x) => x.id));
    expect(ids).toContain('acme-deploy-token');
    expect(ids).not.toContain('aws-access-key-id');
  });

  test('rules check --config runs the config rules\' examples: a broken one fails (exit 1), a good one passes', () => {
    const dir = tree({}, ACME_RULE);
    const ok = runCli(['rules', 'check', '--config', join(dir, '.keyhound.yaml')]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/ 0 failure\(s\)\n$/);
    writeFileSync(join(dir, 'bad.yaml'), ACME_RULE.replace('acmd_{{t=hex:32}}', 'acmd_{{t=hex:12}}'));
    const bad = runCli(['rules', 'check', '--config', join(dir, 'bad.yaml')]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`FAIL acme-deploy-token (${join(dir, 'bad.yaml')}) example #1: not found`);
  });
});

describe('allowlists suppress exactly what they say', () => {
  test('a path glob hides the secret at that path only; the same secret elsewhere is reported', () => {
    const { keyId } = fakeKeyId();
    const line = `aws_access_key_id = ${keyId}\n`;
    const dir = tree({ 'test/fixtures/a.txt': line, 'src/b.txt': line }, "allowlists:\n  - paths: ['test/fixtures/**']\n    reason: fixtures\n");
    const r = runCli(['scan', '--format', 'json', '--show-secrets', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(places(json(r.stdout))).toEqual([['aws-access-key-id', keyId, 'src/b.txt', 1, 21]]);
  });

  test('a regex on the secret hides that secret only; a regex on the line hides what is on such lines', () => {
    const a = fakeKeyId().keyId;
    const b = fakeKeyId().keyId;
    const c = fakeKeyId().keyId;
    const text = `one = ${a}\ntwo = ${b}\nthree = ${c} # sample-for-docs\n`;
    const config = `allowlists:\n  - regexes: ['^${a}$']\n  - regexes: ['sample-for-docs']\n    regexTarget: line\n`;
    const dir = tree({ 'keys.txt': text }, config);
    const r = runCli(['scan', '--format', 'json', '--show-secrets', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(places(json(r.stdout))).toEqual([['aws-access-key-id', b, 'keys.txt', 2, 7]]);
  });

  test('stopwords and a rule-scoped entry: the entry applies to its rules only', () => {
    const { keyId } = fakeKeyId();
    const token = `acmd_${fakeHex(32)}`;
    const dir = tree({ 'a.txt': `k = ${keyId}\nACME_TOKEN=${token}\n` }, `${ACME_RULE}allowlists:\n  - rules: [acme-deploy-token]\n    paths: ['a.txt']\n  - stopwords: ['${keyId.slice(4, 12).toLowerCase()}']\n    rules: [acme-deploy-token]\n`);
    const r = runCli(['scan', '--format', 'json', '--show-secrets', '.'], { cwd: dir });
    expect(places(json(r.stdout))).toEqual([['aws-access-key-id', keyId, 'a.txt', 1, 5]]);
  });

  test('--report-unused lists the config allowlist entries that hid nothing, at their file:line', () => {
    const { keyId } = fakeKeyId();
    const dir = tree({ 'test/a.txt': `k = ${keyId}\n` }, "allowlists:\n  - paths: ['test/**']\n  - paths: ['nowhere/**']\n    reason: old fixtures\n");
    const r = runCli(['scan', '.', '--format', 'json', '--report-unused'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('keyhound: unused suppression: .keyhound.yaml:3 (allowlist): old fixtures\n');
    expect(r.stderr).not.toContain('.keyhound.yaml:2 (allowlist)');
  });

  test('a commit allowlist hides the places in that commit only (git)', () => {
    const repo = GitRepo.init();
    const { keyId } = fakeKeyId();
    const old = repo.commitFiles({ 'old.txt': `aws_access_key_id = ${keyId}\n` }, 'revoked key');
    repo.commitFiles({ 'new.txt': `aws_access_key_id = ${keyId}\n` }, 'pasted again');
    writeFileSync(join(repo.dir, 'keyhound.yaml'), `allowlists:\n  - commits: ['${old.slice(0, 10)}']\n    reason: revoked in 2021\n`);
    const r = runCli(['git', '--format', 'json', '--show-secrets', '--config', join(repo.dir, 'keyhound.yaml'), repo.dir]);
    expect(r.code).toBe(1);
    expect(places(json(r.stdout))).toEqual([['aws-access-key-id', keyId, 'new.txt', 1, 21]]);
  });
});

/** Async spawn: the fake STS lives in this process, so spawnSync would starve it. */
function runCliAsync(args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

describe('allowlisted keys are never verified', () => {
  test('--verify sends nothing for a key pair an allowlist hides, and does for the same pair without it', async () => {
    const sts = await startFakeSts({ status: 200, body: identityXml({ Arn: 'arn:aws:iam::123456789012:user/x', Account: '123456789012', UserId: 'AIDAEXAMPLE' }) });
    try {
      const { keyId } = fakeKeyId();
      const dir = tree({ 'creds/ci.ini': `aws_access_key_id = ${keyId}\naws_secret_access_key = ${fakeSecret()}\n` }, "allowlists:\n  - paths: ['creds/**']\n");
      const args = ['scan', dir, '--verify', '--sts-endpoint', sts.url, '--format', 'json'];
      const hidden = await runCliAsync(args);
      expect([hidden.code, json(hidden.stdout).summary.findings, sts.requests]).toEqual([0, 0, 0]);
      const shown = await runCliAsync([...args, '--no-config']);
      expect([shown.code, json(shown.stdout).summary.findings]).toEqual([1, 1]);
      expect(sts.requests).toBeGreaterThan(0);
    } finally {
      await sts.close();
    }
  });
});

describe('excludes in every mode', () => {
  test('scan: the config exclude and --exclude both apply, relative to the scanned directory', () => {
    const [a, b, c] = [fakeKeyId().keyId, fakeKeyId().keyId, fakeKeyId().keyId];
    const dir = tree({ 'gen/x.txt': `k = ${a}\n`, 'tmp/y.txt': `k = ${b}\n`, 'src/z.txt': `k = ${c}\n` }, "exclude: ['gen/**']\n");
    const r = runCli(['scan', dir, '--format', 'json', '--show-secrets', '--exclude', 'tmp']);
    expect(r.code).toBe(1);
    expect(places(json(r.stdout))).toEqual([['aws-access-key-id', c, join(dir, 'src/z.txt'), 1, 5]]);
  });

  test('git: --exclude and the config exclude drop places under those paths', () => {
    const repo = GitRepo.init();
    const [a, b, c] = [fakeKeyId().keyId, fakeKeyId().keyId, fakeKeyId().keyId];
    repo.commitFiles({ 'vendor/lib/x.txt': `k = ${a}\n`, 'gen/y.txt': `k = ${b}\n`, 'src/z.txt': `k = ${c}\n` }, 'init');
    writeFileSync(join(repo.dir, '.keyhound.yaml'), "exclude: ['gen/**']\n");
    const r = runCli(['git', repo.dir, '--format', 'json', '--show-secrets', '--exclude', 'vendor']);
    expect(r.code).toBe(1);
    expect(places(json(r.stdout))).toEqual([['aws-access-key-id', c, 'src/z.txt', 1, 5]]);
  });

  test('git: a blob over the size cap under an excluded path does not make the scan incomplete', () => {
    const repo = GitRepo.init();
    repo.commitFiles({ 'vendor/big.txt': 'x'.repeat(4096), 'src/big.txt': 'y'.repeat(4096) }, 'init');
    const warned = (args: string[]) => (JSON.parse(runCli(['git', repo.dir, '--format', 'json', '--max-file-size', '1KB', ...args]).stdout) as { warnings: Array<{ kind: string; path: string }>; summary: { complete: boolean } });
    expect(warned([]).warnings.map((w) => [w.kind, w.path]).sort()).toEqual([['size-cap', 'src/big.txt'], ['size-cap', 'vendor/big.txt']]);
    const r = warned(['--exclude', 'vendor', '--exclude', 'src/big.txt']);
    expect([r.warnings, r.summary.complete]).toEqual([[], true]);
  });

  test('staged: an excluded staged file does not block the commit', () => {
    const repo = GitRepo.init();
    repo.commitFiles({ 'README.md': 'hi\n' }, 'init');
    const { keyId } = fakeKeyId();
    repo.write('fixtures/keys.txt', `k = ${keyId}\n`).add();
    expect(runCli(['staged', repo.dir]).code).toBe(1);
    const r = runCli(['staged', repo.dir, '--format', 'json', '--exclude', 'fixtures/**']);
    expect(r.code).toBe(0);
    expect(json(r.stdout).findings).toEqual([]);
  });
});

describe('defaults from the config; flags win', () => {
  test('format and failOn from the config, overridden by --format and --fail-on', () => {
    const { keyId } = fakeKeyId();
    const dir = tree({ 'a.txt': `k = ${keyId}\n` }, 'format: json\nfailOn: never\n');
    const r = runCli(['scan', '.'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(json(r.stdout).summary.findings).toBe(1);
    const flags = runCli(['scan', '--format', 'text', '--fail-on', 'any', '.'], { cwd: dir });
    expect(flags.code).toBe(1);
    expect(flags.stdout).toMatch(/^HIGH aws-access-key-id /);
  });

  test('limits.maxFileSize from the config (git: a larger blob is not read); --max-file-size overrides it', () => {
    const repo = GitRepo.init();
    const { keyId } = fakeKeyId();
    repo.commitFiles({ 'big.txt': `k = ${keyId}\n${'x'.repeat(4096)}\n` }, 'init');
    writeFileSync(join(repo.dir, '.keyhound.yaml'), 'format: json\nlimits:\n  maxFileSize: 1KB\n');
    const capped = json(runCli(['git', repo.dir]).stdout);
    expect([capped.summary.findings, capped.summary.complete, capped.summary.warningsByKind['size-cap']]).toEqual([0, false, 1]);
    const r = runCli(['git', repo.dir, '--max-file-size', '1MB']);
    expect(r.code).toBe(1);
    expect(json(r.stdout).summary.warningsByKind['size-cap']).toBeUndefined();
  });

  test('KEYHOUND_CONFIG names the config when no --config is given', () => {
    const { keyId } = fakeKeyId();
    const dir = tree({ 'a.txt': `k = ${keyId}\n` });
    writeFileSync(join(dir, 'ci.yaml'), 'disabledRules: [aws-access-key-id]\n');
    expect(runCli(['scan', dir]).code).toBe(1);
    expect(runCli(['scan', dir], { env: { KEYHOUND_CONFIG: join(dir, 'ci.yaml') } }).code).toBe(0);
  });
});

describe('a bad config stops the run', () => {
  test.each([
    ['scan', (dir: string) => ['scan', dir]],
    ['git', (dir: string) => ['git', dir]],
    ['staged', (dir: string) => ['staged', dir]],
  ])('%s: exit 2, nothing on stdout, the problem at file:line: key', (_mode, args) => {
    const repo = GitRepo.init();
    repo.commitFiles({ 'a.txt': 'hello\n' }, 'init');
    const file = join(repo.dir, '.keyhound.yaml');
    writeFileSync(file, 'format: json\nallowlists:\n  - reason: fixtures\n    path: [test/**]\n');
    const r = runCli(args(repo.dir));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^keyhound: invalid configuration:\\n  ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4: allowlists\\[0\\]\\.path: unknown key \\(known: `));
  });

  test('--config naming a missing file: exit 2', () => {
    const r = runCli(['scan', '--config', '/nonexistent/keyhound.yaml', '.']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/nonexistent/keyhound.yaml: no such config file');
  });
});
