// Suppressions end to end, spawned as a user runs them: a pair allowed by one marker with its
// reason in the JSON report, .keyhoundignore scoped to a path, .gitleaksignore's two forms on
// a real repository, --report-unused (exit code unchanged) and --no-suppress (everything).
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';
import { locate, runCli, tempDir } from '../helpers/cli.js';
import { cleanupRepos, GitRepo } from '../helpers/git-repo.js';

interface JsonSuppression { kind: string; source: string; reason?: string }
interface JsonLocation { path: string; line: number; column: number; suppressed?: JsonSuppression[] }
interface JsonFinding { ruleId: string; fingerprint: string; secret: string; match: string; locations: JsonLocation[] }
interface JsonReport {
  summary: { findings: number; suppressed?: number };
  findings: JsonFinding[];
  suppressed?: JsonFinding[];
  unusedSuppressions?: JsonSuppression[];
}

afterAll(cleanupRepos);

const json = (stdout: string) => JSON.parse(stdout) as JsonReport;
const places = (fs: JsonFinding[] | undefined) => (fs ?? []).map((f) => [f.ruleId, f.locations.map((l) => [l.path, l.line, l.column, l.suppressed])]);

function put(dir: string, file: string, text: string): string {
  mkdirSync(join(dir, file, '..'), { recursive: true });
  writeFileSync(join(dir, file), text);
  return join(dir, file);
}

describe('inline markers', () => {
  it('one marker on either line allows a key pair; its reason is in the JSON report, the secret redacted', () => {
    const { keyId } = fakeKeyId();
    const secret = fakeSecret();
    const text = `AWS_ACCESS_KEY_ID=${keyId}\nAWS_SECRET_ACCESS_KEY=${secret}  # trufflehog:ignore fixture for the parser test\n`;
    const r = runCli(['scan', '-', '--format', 'json'], { input: text });
    expect(r.code).toBe(0);
    const report = json(r.stdout);
    expect(report.summary).toMatchObject({ findings: 0, suppressed: 1 });
    expect(places(report.suppressed)).toEqual([
      ['aws-access-key-pair', [['-', 1, locate(text, keyId).column, [{ kind: 'inline', source: 'trufflehog:ignore', reason: 'fixture for the parser test' }]]]],
    ]);
    expect(r.stdout).not.toContain(keyId);
    expect(r.stdout).not.toContain(secret);
  });

  it('a reason that quotes the key is redacted like every other string', () => {
    const { keyId } = fakeKeyId();
    const text = `id = ${keyId} # keyhound:allow ${keyId} was revoked\n`;
    const r = runCli(['scan', '-', '--format', 'json'], { input: text });
    expect(r.code).toBe(0);
    expect(json(r.stdout).suppressed![0]!.locations[0]!.suppressed).toEqual([{ kind: 'inline', source: 'keyhound:allow', reason: `AKIA…${keyId.slice(-4)} was revoked` }]);
    expect(r.stdout).not.toContain(keyId);
  });
});

describe('.keyhoundignore', () => {
  it('scoped to a path: the fixture copy is hidden, the same secret elsewhere is not; a bad line is exit 2', () => {
    const dir = tempDir('keyhound-ignore-');
    const { keyId } = fakeKeyId();
    put(dir, 'test/fixtures/creds.env', `id=${keyId}\n`);
    const prod = put(dir, 'src/config.env', `\nid=${keyId}\n`);
    const fp = json(runCli(['scan', dir, '--format', 'json']).stdout).findings[0]!.fingerprint;
    put(dir, '.keyhoundignore', `# the parser's fixture\n${fp} test/fixtures/**\n`);
    const r = runCli(['scan', dir, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = json(r.stdout);
    expect(places(report.findings)).toEqual([['aws-access-key-id', [[prod, 2, 4, undefined]]]]);
    expect(places(report.suppressed)).toEqual([
      ['aws-access-key-id', [[join(dir, 'test/fixtures/creds.env'), 1, 4, [{ kind: 'ignore', source: join(dir, '.keyhoundignore:2'), reason: "the parser's fixture" }]]]],
    ]);
    // Without the production copy nothing is left: exit 0.
    writeFileSync(prod, 'id=from-the-vault\n');
    expect(runCli(['scan', dir]).code).toBe(0);
    put(dir, '.keyhoundignore', `${fp}\nnot a fingerprint\n`);
    const bad = runCli(['scan', dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${join(dir, '.keyhoundignore')}:2: expected a fingerprint`);
  });

  it('--report-unused lists entries that hid nothing, on stderr and in JSON, and leaves the exit code alone', () => {
    const dir = tempDir('keyhound-unused-');
    const { keyId } = fakeKeyId();
    const other = fakeKeyId().keyId;
    put(dir, 'a.env', `id=${keyId}\n`);
    put(dir, 'b.env', `id=${other}\n`);
    const fps = json(runCli(['scan', dir, '--format', 'json']).stdout).findings.map((f) => f.fingerprint);
    const hidden = fps[0]!;
    put(dir, '.keyhoundignore', `${hidden}\n${'0'.repeat(64)}  # a key long gone\n`);
    const plain = runCli(['scan', dir, '--format', 'json']);
    const r = runCli(['scan', dir, '--format', 'json', '--report-unused']);
    expect(r.code).toBe(1);
    expect(plain.code).toBe(1);
    expect(json(plain.stdout).unusedSuppressions).toBeUndefined();
    const unused = [{ kind: 'ignore', source: join(dir, '.keyhoundignore:2'), reason: 'a key long gone' }];
    expect(json(r.stdout).unusedSuppressions).toEqual(unused);
    expect(r.stderr).toContain(`keyhound: unused suppression: ${join(dir, '.keyhoundignore')}:2 (ignore): a key long gone\n`);
    // All hidden: still exit 0 with --report-unused.
    put(dir, '.keyhoundignore', `${fps.join('\n')}\n${'0'.repeat(64)}\n`);
    expect(runCli(['scan', dir, '--report-unused']).code).toBe(0);
  });
});

describe('.gitleaksignore', () => {
  it('honours commit:file:rule:line (that commit only) and file:rule:line (every commit), as gitleaks does', () => {
    const repo = GitRepo.init();
    const a = fakeKeyId().keyId;
    const b = fakeKeyId().keyId;
    const c = fakeKeyId().keyId;
    const first = repo.commitFiles({ 'deploy/a.sh': `#!/bin/sh\n\nexport AWS_ACCESS_KEY_ID=${a}\n`, 'docs/setup.md': `# Setup\nkey: ${b}\n` }, 'first');
    // The same line of docs/setup.md with another key in a later commit: file:rule:line is positional.
    repo.commitFiles({ 'docs/setup.md': `# Setup\nkey: ${c}\n`, 'deploy/a.sh': `#!/bin/sh\n\nexport AWS_ACCESS_KEY_ID=${a}\n# moved on\n` }, 'second');
    expect(runCli(['git', repo.dir]).code).toBe(1);
    repo.write('.gitleaksignore', `# gitleaks fingerprints\n${first}:deploy/a.sh:aws-access-token:3\ndocs/setup.md:aws-access-token:2\n`);
    const r = runCli(['git', repo.dir, '--format', 'json', '--no-messages']);
    // deploy/a.sh's key is ignored in `first` only; its blob in `second` is another place.
    const shown = json(r.stdout).findings.map((f) => [f.ruleId, f.locations.map((l) => [l.path, l.line])]);
    expect(shown).toEqual([['aws-access-key-id', [['deploy/a.sh', 3]]]]);
    expect(r.code).toBe(1);
    const hidden = json(r.stdout).suppressed!.flatMap((f) => f.locations.map((l) => [l.path, l.line, l.suppressed!.map((s) => s.source)]));
    expect(hidden).toEqual(
      expect.arrayContaining([
        ['deploy/a.sh', 3, [join(repo.dir, '.gitleaksignore:2')]],
        ['docs/setup.md', 2, [join(repo.dir, '.gitleaksignore:3')]],
        ['docs/setup.md', 2, [join(repo.dir, '.gitleaksignore:3')]],
      ]),
    );
    expect(hidden).toHaveLength(3);
  });
});

describe('--no-suppress', () => {
  it('reports everything — inline markers, ignore files and baselines — each place saying what would have hidden it', () => {
    const dir = tempDir('keyhound-nosup-');
    const inline = fakeKeyId().keyId;
    const ignored = fakeKeyId().keyId;
    const based = fakeKeyId().keyId;
    put(dir, 'a.env', `id=${inline} # keyhound:allow test\n`);
    put(dir, 'b.env', `id=${ignored}\n`);
    const fp = json(runCli(['scan', dir, '--format', 'json']).stdout).findings.find((f) => f.locations[0]!.path.endsWith('b.env'))!.fingerprint;
    put(dir, '.keyhoundignore', `${fp}\n`);
    const baseline = join(tempDir('keyhound-nosup-bl-'), 'b.json');
    expect(runCli(['baseline', dir, '-o', baseline]).code).toBe(0);
    put(dir, 'c.env', `id=${based}\n`);
    expect(runCli(['baseline', dir, '-o', baseline]).code).toBe(0);
    expect(runCli(['scan', dir, '--baseline', baseline]).code).toBe(0);
    const r = runCli(['scan', dir, '--baseline', baseline, '--no-suppress', '--format', 'json']);
    expect(r.code).toBe(1);
    const report = json(r.stdout);
    expect(report.summary.findings).toBe(3);
    const marks = Object.fromEntries(report.findings.map((f) => [f.locations[0]!.path.slice(dir.length + 1), f.locations[0]!.suppressed!.map((s) => s.kind)]));
    expect(marks).toEqual({ 'a.env': ['inline'], 'b.env': ['ignore'], 'c.env': ['baseline'] });
    const text = runCli(['scan', dir, '--baseline', baseline, '--no-suppress']);
    expect(text.stdout).toContain(`at ${join(dir, 'a.env')}:1:4 (suppressed by keyhound:allow: test)`);
  });
});
