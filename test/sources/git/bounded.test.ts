// The long-running git children of a history scan run with git's memory caps (delta-base
// cache, mapped pack): seen in the argv of the real git, through a logging wrapper on PATH.
import { afterAll, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli.js';
import { GitRepo, cleanupRepos, tempDir } from '../../helpers/git-repo.js';
import { fakeKeyId, fakeSecret } from '../../helpers/keys.js';

afterAll(cleanupRepos);

test('git log, the object listing and the blob readers run with capped delta cache and pack windows', () => {
  const r = GitRepo.init();
  const { keyId } = fakeKeyId();
  r.commitFiles({ 'README.md': '# demo\n' }, 'initial', { date: '2021-01-01T00:00:00Z' });
  r.commitFiles({ 'aws.ini': `aws_access_key_id = ${keyId}\naws_secret_access_key = ${fakeSecret()}\n` }, 'add config', { date: '2021-01-02T00:00:00Z' });

  const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  const bin = tempDir('keyhound-gitwrap-');
  const log = join(bin, 'argv.log');
  writeFileSync(join(bin, 'git'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${realGit}' "$@"\n`);
  chmodSync(join(bin, 'git'), 0o755);

  const res = runCli(['git', r.dir, '--format', 'json', '--workers', '0'], { env: { PATH: `${bin}:${process.env.PATH}` } });
  expect(res.code).toBe(1);
  const report = JSON.parse(res.stdout);
  expect(report.findings).toHaveLength(1);
  expect(report.findings[0].locations[0]).toMatchObject({ path: 'aws.ini', line: 1 });

  const calls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  const long = calls.filter((c) => / log --no-show-signature| cat-file --batch-all-objects| cat-file --batch(-command)?( |$)/.test(c));
  expect(long.map((c) => / log /.test(c) ? 'log' : /batch-all-objects/.test(c) ? 'list' : 'read').sort()).toEqual(['list', 'log', 'read']);
  for (const c of long) {
    expect(c).toContain('-c core.deltaBaseCacheLimit=16m');
    expect(c).toContain('-c core.packedGitWindowSize=32m');
    expect(c).toContain('-c core.packedGitLimit=128m');
  }
});
