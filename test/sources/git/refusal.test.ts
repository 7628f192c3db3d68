// A repository owned by another user: git refuses it ("dubious ownership"); keyhound says so in
// every git mode, names safe.directory, exits 2 — and the exception it names really works.
import { execFileSync } from 'node:child_process';
import { chownSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { runCli } from '../../helpers/cli.js';
import { GitRepo, cleanupRepos, tempDir } from '../../helpers/git-repo.js';
import { fakeKeyId, fakeSecret } from '../../helpers/keys.js';

afterAll(cleanupRepos);

/** chown of every entry under `dir` (as `chown -R`). */
function chownTree(dir: string, uid: number): void {
  chownSync(dir, uid, uid);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) chownTree(p, uid);
    else chownSync(p, uid, uid);
  }
}

// Handing a repository to another user needs root (as CI containers run); elsewhere git's
// check cannot be set off, so there is nothing to test.
const asRoot = process.getuid?.() === 0 ? describe : describe.skip;

asRoot('a repository owned by another user', () => {
  const r = GitRepo.init();
  const { keyId } = fakeKeyId();
  const ini = `[default]\naws_access_key_id = ${keyId}\naws_secret_access_key = ${fakeSecret()}\n`;
  r.commitFiles({ 'a.ini': ini }, 'keys');
  r.write('b.ini', ini).add('b.ini');
  chownTree(r.dir, 65534); // nobody
  const home = tempDir('keyhound-home-');

  test.each([['git'], ['staged']])('keyhound %s exits 2, says why and names safe.directory', (mode) => {
    expect(statSync(r.dir).uid).toBe(65534);
    const run = runCli([mode, r.dir, '--format', 'json'], { env: { HOME: home, XDG_CONFIG_HOME: home } });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `keyhound: git refuses to read ${r.dir}: the repository at ${r.dir} is owned by another user (git's "dubious ownership" check). ` +
        `If you trust it: git config --global --add safe.directory ${r.dir} (keyhound does not add it for you)\n`,
    );
  });

  test.each([['git'], ['staged']])('after the command it names, keyhound %s scans it', (mode) => {
    const trusted = tempDir('keyhound-home-');
    const env = { HOME: trusted, XDG_CONFIG_HOME: trusted };
    execFileSync('git', ['config', '--file', join(trusted, '.gitconfig'), '--add', 'safe.directory', r.dir]);
    const run = runCli([mode, r.dir, '--format', 'json', '--show-secrets'], { env });
    expect([run.code, run.stderr]).toEqual([1, '']);
    const report = JSON.parse(run.stdout) as { findings: Array<{ aws?: { keyId: string }; locations: Array<{ path: string }> }> };
    expect(report.findings.map((f) => [f.aws?.keyId, f.locations[0]!.path])).toEqual([[keyId, mode === 'git' ? 'a.ini' : 'b.ini']]);
  });
});
