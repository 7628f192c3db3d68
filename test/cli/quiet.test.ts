// --quiet (scan, git, staged): stdout holds findings only and nothing when there are none;
// stderr holds no live warnings, only one line with the count when the scan was incomplete.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { runCli } from '../helpers/cli.js';
import { GitRepo, cleanupRepos, tempDir } from '../helpers/git-repo.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';

afterAll(cleanupRepos);

function dirWith(files: Record<string, string | Buffer>): string {
  const d = tempDir();
  for (const [p, c] of Object.entries(files)) writeFileSync(join(d, p), c);
  return d;
}

describe('--quiet', () => {
  test('nothing found: no output at all, exit 0 (scan, git, staged)', () => {
    const d = dirWith({ 'a.txt': 'nothing here\n' });
    expect(runCli(['scan', d, '--quiet'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(runCli(['scan', d, '-q', '--format', 'json'])).toEqual({ code: 0, stdout: '', stderr: '' });
    const r = GitRepo.init();
    r.commitFiles({ 'a.txt': 'x\n' }, 'init');
    r.write('b.txt', 'y\n').add('b.txt');
    expect(runCli(['git', r.dir, '--quiet'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(runCli(['staged', r.dir, '--quiet'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  test('findings: the finding blocks only (no summary), exit 1; JSON stays a whole report', () => {
    const { keyId } = fakeKeyId();
    const d = dirWith({ 'k.env': `aws_access_key_id = ${keyId}\n` });
    const text = runCli(['scan', d, '--quiet']);
    expect(text.code).toBe(1);
    expect(text.stderr).toBe('');
    expect(text.stdout).toContain(`at ${join(d, 'k.env')}:1:21`);
    expect(text.stdout).not.toContain('Summary');
    expect(text.stdout).not.toContain(keyId);
    const json = runCli(['scan', d, '--quiet', '--format', 'json']);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as { findings: unknown[] }).findings).toHaveLength(1);
  });

  test('an incomplete scan: no live warning, one line with the count on stderr', () => {
    const bin = Buffer.alloc(4096, 0);
    const d = dirWith({ 'a.bin': bin, 'b.bin': bin, 'ok.txt': 'fine\n' });
    const loud = runCli(['scan', d, '--max-file-size', '1KB']);
    expect(loud.stderr).toContain('warning: size-cap');
    const quiet = runCli(['scan', d, '--max-file-size', '1KB', '--quiet']);
    expect(quiet).toEqual({ code: 0, stdout: '', stderr: 'keyhound: scan incomplete: 2 warnings (size-cap 2)\n' });
    expect(runCli(['scan', d, '--max-file-size', '1KB', '--quiet', '--strict']).code).toBe(2);
  });

  test('staged --quiet with a staged secret prints the blocked message (text) or the findings (json)', () => {
    const r = GitRepo.init();
    r.commitFiles({ 'a.txt': 'x\n' }, 'init');
    r.write('s.env', `id=${fakeKeyId().keyId}\nkey=${fakeSecret()}\n`).add('s.env');
    const text = runCli(['staged', r.dir, '--quiet']);
    expect(text.code).toBe(1);
    expect(text.stdout.split('\n')[0]).toBe('keyhound: commit blocked: 1 secret in the staged changes');
    expect(text.stdout).toMatch(/^ {2}s\.env:1 {2}aws-access-key-pair /m);
    // --fail-on never blocks nothing: the findings, not a "blocked" message.
    const never = runCli(['staged', r.dir, '--quiet', '--fail-on', 'never']);
    expect(never.code).toBe(0);
    expect(never.stdout).not.toContain('commit blocked');
    expect(never.stdout).toContain('at s.env:1:');
    const json = runCli(['staged', r.dir, '--quiet', '--format', 'json']);
    expect((JSON.parse(json.stdout) as { findings: unknown[] }).findings).toHaveLength(1);
  });
});
