// argv → command: words after `--` are the scan's paths (a path may start with '-'), never
// dropped in favour of the current directory.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeKeyId } from '../helpers/keys.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { cleanupRepos } from '../helpers/git-repo.js';

afterAll(cleanupRepos);

interface Report { summary: { filesScanned: number; complete: boolean }; findings: Array<{ secret: string; locations: Array<{ path: string; line: number; column: number }> }> }

describe('scan -- PATH', () => {
  // An empty cwd: if PATH were ignored, the scan of '.' would find nothing and exit 0.
  const cwd = tempDir('keyhound-main-cwd-');
  const dir = tempDir('keyhound-main-');
  const { keyId } = fakeKeyId();
  writeFileSync(join(dir, 'creds.env'), `AWS_ACCESS_KEY_ID=${keyId}\n`);

  it('scans the directory named after --', () => {
    const r = runCli(['scan', '--format', 'json', '--show-secrets', '--', dir], { cwd });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.findings.map((f) => [f.secret, f.locations[0]!.path, f.locations[0]!.line, f.locations[0]!.column])).toEqual([
      [keyId, join(dir, 'creds.env'), 1, 19],
    ]);
  });

  it('adds words after -- to the paths before it, and takes a name starting with "-" as a path', () => {
    const other = fakeKeyId().keyId;
    writeFileSync(join(cwd, '-dash.env'), `id=${other}\n`);
    const r = runCli(['scan', '--format', 'json', '--show-secrets', dir, '--', '-dash.env'], { cwd });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.findings.map((f) => `${f.locations[0]!.path}:${f.secret}`).sort()).toEqual([`${join(dir, 'creds.env')}:${keyId}`, `-dash.env:${other}`].sort());
  });

  it('a missing path after -- is a usage error (exit 2)', () => {
    const missing = join(dir, 'no-such-dir');
    const r = runCli(['scan', '--', missing], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`no such file or directory: ${missing}`);
  });

  it('a command that takes no paths rejects words after -- instead of ignoring them', () => {
    const r = runCli(['git', '--', dir], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`git: unexpected argument(s) after --: ${dir}`);
  });
});
