// `keyhound install-hook` in real repositories, then real `git commit`s through the hook it
// wrote: a generated fake key is blocked with the "commit blocked" message, a clean commit
// passes and prints nothing. Needs a built dist/ (the hook runs bin/keyhound.js).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { runCli } from '../helpers/cli.js';
import { GitRepo, cleanupRepos, tempDir, testGitEnv } from '../helpers/git-repo.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';
import { HOOK_MARKER } from '../../src/integrations/git-hook.js';

afterAll(cleanupRepos);

/** `git commit` as a user runs it: hooks enabled, output captured. */
function commit(r: GitRepo, message: string): { code: number | null; out: string } {
  const p = spawnSync('git', ['commit', '-q', '-m', message], { cwd: r.dir, env: testGitEnv(), encoding: 'utf8' });
  return { code: p.status, out: p.stdout + p.stderr };
}

function repo(): GitRepo {
  const r = GitRepo.init();
  r.commitFiles({ 'README.md': 'hello\n' }, 'init');
  return r;
}

describe('keyhound install-hook', () => {
  test('a fake key is blocked with file:line and the three ways forward; a clean commit prints nothing', () => {
    const r = repo();
    const installed = runCli(['install-hook', r.dir]);
    const hook = join(r.gitDir(), 'hooks', 'pre-commit');
    expect(installed.code).toBe(0);
    expect(installed.stdout).toBe(`keyhound: installed the pre-commit hook: ${hook}\n`);
    expect(statSync(hook).mode & 0o111).toBe(0o111);

    const { keyId, account } = fakeKeyId();
    r.write('config/app.env', `A=1\naws_access_key_id = ${keyId}\naws_secret_access_key = ${fakeSecret()}\n`).add('config/app.env');
    const blocked = commit(r, 'add config');
    expect(blocked.code).toBe(1);
    const lines = blocked.out.split('\n');
    expect(lines[0]).toBe('keyhound: commit blocked: 1 secret in the staged changes');
    expect(lines[1]).toMatch(/^ {2}config\/app\.env:2 {2}aws-access-key-pair AKIA…/);
    expect(blocked.out).not.toContain(keyId);
    expect(lines.slice(2)).toEqual([
      'Ways forward (for each secret):',
      '  1. remove it from the change and rotate it (treat it as copied):',
      '     aws-access-key-pair (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html):',
      expect.stringMatching(/^ {7}aws iam update-access-key --access-key-id AKIA…\w{4} --status Inactive$/),
      expect.stringMatching(/^ {7}aws iam delete-access-key --access-key-id AKIA…\w{4}$/),
      '  2. a false alarm: allow it inline, with a comment on its line: # keyhound:allow',
      '  3. accept it for now: keyhound baseline --output .keyhound-baseline.json, then git add .keyhound-baseline.json',
      '     (the hook passes --baseline .keyhound-baseline.json when that file exists)',
      '',
    ]);
    expect(account).toMatch(/^\d{12}$/);
    expect(r.git('rev-list', '--count', 'HEAD').trim()).toBe('1');

    r.git('rm', '-q', '--cached', 'config/app.env');
    r.write('notes.txt', 'nothing secret\n').add('notes.txt');
    const clean = commit(r, 'notes');
    expect(clean).toEqual({ code: 0, out: '' });
    expect(r.git('rev-list', '--count', 'HEAD').trim()).toBe('2');
  });

  test('the inline comment it suggests lets the commit through', () => {
    const r = repo();
    expect(runCli(['install-hook', r.dir]).code).toBe(0);
    r.write('app.env', `aws_access_key_id = ${fakeKeyId().keyId} # keyhound:allow\n`).add('app.env');
    expect(commit(r, 'allowed')).toEqual({ code: 0, out: '' });
  });

  test('an existing hook is left alone without --force; --force keeps it; --uninstall puts it back', () => {
    const r = repo();
    const hook = join(r.gitDir(), 'hooks', 'pre-commit');
    writeFileSync(hook, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const refused = runCli(['install-hook', r.dir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`keyhound: ${hook} exists and was not written by keyhound: left alone.`);
    expect(readFileSync(hook, 'utf8')).toBe('#!/bin/sh\nexit 0\n');

    expect(runCli(['install-hook', r.dir, '--uninstall']).code).toBe(2);
    expect(readFileSync(hook, 'utf8')).toBe('#!/bin/sh\nexit 0\n');

    const forced = runCli(['install-hook', r.dir, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(hook, 'utf8')).toContain(HOOK_MARKER);
    expect(readFileSync(`${hook}.before-keyhound`, 'utf8')).toBe('#!/bin/sh\nexit 0\n');
    // Installing again over its own hook is an update, not a refusal.
    expect(runCli(['install-hook', r.dir]).stdout).toBe(`keyhound: updated the pre-commit hook: ${hook}\n`);

    const removed = runCli(['install-hook', r.dir, '--uninstall']);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toBe(`keyhound: removed the pre-commit hook ${hook} (the previous hook is back)\n`);
    expect(readFileSync(hook, 'utf8')).toBe('#!/bin/sh\nexit 0\n');
    expect(existsSync(`${hook}.before-keyhound`)).toBe(false);
  });

  test('honours core.hooksPath (husky-style, relative to the work tree) and never runs repo-controlled programs', () => {
    const r = repo();
    const canary = join(tempDir(), 'ran');
    r.git('config', 'core.hooksPath', '.githooks');
    // Config that would run a program if git consulted it while the hooks dir is looked up.
    r.git('config', 'core.fsmonitor', `touch ${canary}; echo`);
    r.git('config', 'core.pager', `touch ${canary}; cat`);
    const res = runCli(['install-hook', r.dir]);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe(`keyhound: installed the pre-commit hook: ${join(r.dir, '.githooks', 'pre-commit')}\n`);
    expect(existsSync(join(r.gitDir(), 'hooks', 'pre-commit'))).toBe(false);
    expect(existsSync(canary)).toBe(false);
    r.git('config', '--unset', 'core.fsmonitor');
    r.write('k.env', `aws_access_key_id = ${fakeKeyId().keyId}\n`).add('k.env');
    expect(commit(r, 'blocked via hooksPath').out).toContain('keyhound: commit blocked: 1 secret in the staged changes');
  });

  test('--uninstall with no hook, and a directory that is not a repository', () => {
    const r = repo();
    const hook = join(r.gitDir(), 'hooks', 'pre-commit');
    expect(runCli(['install-hook', r.dir, '--uninstall'])).toMatchObject({ code: 0, stdout: `keyhound: no pre-commit hook at ${hook}: nothing to remove\n` });
    const dir = tempDir();
    mkdirSync(join(dir, 'x'));
    const bad = runCli(['install-hook', join(dir, 'x')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('not a git repository');
  });
});
