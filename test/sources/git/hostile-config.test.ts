// A repository (and an environment) built to make git run programs: every config key and
// GIT_* variable that names a program points at a script that leaves a marker file named
// after the key. keyhound runs git on it in every mode with every flag that changes which git
// commands run; no marker may appear, and the key in it must still be found.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { BIN, runCli } from '../../helpers/cli.js';
import { GitRepo, cleanupRepos, tempDir, testGitEnv } from '../../helpers/git-repo.js';
import { fakeKeyId, fakeSecret } from '../../helpers/keys.js';
import { runGit } from '../../../src/sources/git/exec.js';

afterAll(cleanupRepos);

const HOOKS = [
  'pre-commit', 'post-commit', 'post-checkout', 'post-merge', 'post-rewrite', 'pre-push', 'pre-auto-gc',
  'post-index-change', 'reference-transaction', 'fsmonitor-watchman', 'push-to-checkout', 'sendemail-validate',
];

interface Hostile {
  repo: GitRepo;
  marks: string;
  base: string;
  committed: string;
  staged: string;
  env: NodeJS.ProcessEnv;
}

function creds(): { keyId: string; ini: string } {
  const { keyId } = fakeKeyId();
  return { keyId, ini: `[default]\naws_access_key_id = ${keyId}\naws_secret_access_key = ${fakeSecret()}\n` };
}

function hostileRepo(): Hostile {
  const root = tempDir('keyhound-hostile-');
  const marks = join(root, 'marks');
  const bin = join(root, 'bin');
  mkdirSync(marks);
  mkdirSync(bin);
  /** A program that leaves the marker `name`; filters pass stdin through (others exit: an ssh
   * stand-in that read its stdin would wait for git forever). */
  const script = (name: string, dir = bin, file = name): string => {
    const p = join(dir, file);
    const rest = /^filter\.evil\.(clean|smudge)$/.test(name) ? 'exec cat\n' : '';
    writeFileSync(p, `#!/bin/sh\n: > '${join(marks, name)}'\n${rest}`);
    chmodSync(p, 0o755);
    return p;
  };

  mkdirSync(join(root, 'repo'));
  mkdirSync(join(root, 'decoy'));
  const repo = GitRepo.init({ dir: join(root, 'repo') });
  repo.commitFiles({ 'README.md': 'hello\n' }, 'base');
  const base = repo.head();
  const committed = creds();
  repo.write('.gitattributes', '* filter=evil diff=evil merge=evil\n');
  repo.commitFiles({ 'ops/aws.ini': committed.ini, 'lost.txt': 'lost in a partial clone\n' }, 'add creds');
  // A blob a promisor remote would be asked for (--range reads the blobs the walk found).
  repo.deleteLooseObject(repo.blobAt('HEAD', 'lost.txt'));
  // A signed commit (its signature is checked only if log.showSignature is honoured), on a
  // branch and as the stash, so `git log -g refs/stash` sees it too.
  const tree = repo.rev('HEAD^{tree}');
  const signed = execFileSync('git', ['hash-object', '-t', 'commit', '-w', '--stdin'], {
    cwd: repo.dir,
    env: testGitEnv(),
    input: `tree ${tree}\nparent ${repo.head()}\nauthor A <a@example.com> 1600000000 +0000\ncommitter A <a@example.com> 1600000000 +0000\n` +
      'gpgsig -----BEGIN PGP SIGNATURE-----\n \n wsBcBAABCAAQBQJfXXXXCRB\n -----END PGP SIGNATURE-----\n\nsigned\n',
  }).toString().trim();
  repo.git('update-ref', 'refs/heads/signed', signed);
  repo.git('update-ref', '--create-reflog', 'refs/stash', signed);

  const staged = creds();
  repo.write('staged.ini', staged.ini).add('staged.ini');
  // Stat info out of date, so anything that refreshes the index would hash (and filter) files.
  repo.write('staged.ini', staged.ini);
  repo.write('README.md', 'hello\n');

  const hooksDir = join(root, 'hooks');
  mkdirSync(hooksDir);
  for (const h of HOOKS) {
    script(`hooksPath.${h}`, hooksDir, h);
    script(`hooks.${h}`, join(repo.gitDir(), 'hooks'), h);
  }
  const config: Record<string, string> = {
    'core.repositoryformatversion': '1',
    'extensions.partialClone': 'origin',
    'remote.origin.url': `ext::sh -c touch% ${join(marks, 'protocol.ext')}`,
    'remote.origin.promisor': 'true',
    'remote.sshr.url': 'ssh://git@127.0.0.1/x.git',
    'remote.sshr.promisor': 'true',
    'remote.httpr.url': 'http://127.0.0.1:9/x.git',
    'remote.httpr.promisor': 'true',
    'protocol.allow': 'always',
    'protocol.ext.allow': 'always',
    'protocol.ssh.allow': 'always',
    'protocol.http.allow': 'always',
    'protocol.file.allow': 'always',
    'log.showSignature': 'true',
    'core.hooksPath': hooksDir,
  };
  for (const key of [
    'core.fsmonitor', 'diff.external', 'diff.evil.textconv', 'diff.evil.command', 'filter.evil.clean',
    'filter.evil.smudge', 'filter.evil.process', 'merge.evil.driver', 'core.pager', 'pager.log', 'pager.diff',
    'pager.cat-file', 'core.sshCommand', 'core.askPass', 'credential.helper', 'core.gitProxy', 'gpg.program',
    'gpg.ssh.program', 'gpg.x509.program', 'uploadpack.packObjectsHook', 'core.alternateRefsCommand',
    'core.editor', 'sequence.editor',
  ]) {
    config[key] = script(key);
  }
  for (const [k, v] of Object.entries(config)) repo.git('config', k, v);

  // Another repository for GIT_DIR / GIT_WORK_TREE to point at instead: nothing in it.
  const decoy = GitRepo.init({ dir: join(root, 'decoy') });
  decoy.commitFiles({ 'x.txt': 'x\n' }, 'decoy');
  const execPath = join(root, 'exec-path');
  mkdirSync(execPath);
  for (const prog of ['git-remote-http', 'git-remote-https', 'git-remote-ext', 'git-upload-pack']) script('GIT_EXEC_PATH', execPath, prog);
  const env: NodeJS.ProcessEnv = {
    GIT_EXTERNAL_DIFF: script('GIT_EXTERNAL_DIFF'),
    GIT_SSH: script('GIT_SSH'),
    GIT_SSH_COMMAND: script('GIT_SSH_COMMAND'),
    GIT_ASKPASS: script('GIT_ASKPASS'),
    SSH_ASKPASS: script('SSH_ASKPASS'),
    GIT_PAGER: script('GIT_PAGER'),
    PAGER: script('PAGER'),
    GIT_EDITOR: script('GIT_EDITOR'),
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'core.fsmonitor',
    GIT_CONFIG_VALUE_0: script('GIT_CONFIG_COUNT'),
    GIT_CONFIG_PARAMETERS: `'core.fsmonitor'='${script('GIT_CONFIG_PARAMETERS')}'`,
    GIT_EXEC_PATH: execPath,
    GIT_TRACE: join(marks, 'GIT_TRACE'),
    GIT_DIR: join(decoy.dir, '.git'),
    GIT_WORK_TREE: decoy.dir,
  };
  return { repo, marks, base, committed: committed.keyId, staged: staged.keyId, env };
}

const h = hostileRepo();

describe('a hostile repository and environment: git never runs a program they name', () => {
  const dir = h.repo.dir;
  const range = ['--range', `${h.base}..HEAD`];
  const runs: Array<[string, string[], string[]]> = [
    ['git', [], [h.committed]],
    ['git --workers 0', ['--workers', '0'], [h.committed]],
    ['git --workers 1', ['--workers', '1'], [h.committed]],
    ['git --all-objects', ['--all-objects'], [h.committed]],
    ['git --no-messages', ['--no-messages'], [h.committed]],
    ['git --since', ['--since', h.base], [h.committed]],
    ['git --range --workers 0', [...range, '--workers', '0'], [h.committed]],
    ['git --range --workers 1', [...range, '--workers', '1'], [h.committed]],
    ['staged', [], [h.staged]],
    ['staged --all-lines', ['--all-lines'], [h.staged]],
    ['staged --workers 0', ['--workers', '0'], [h.staged]],
    ['staged --workers 1', ['--workers', '1'], [h.staged]],
    ['scan', [], [h.committed, h.staged]],
  ];
  // The environment (GIT_DIR among it) would hide the repository's config: each on its own.
  const withEnv = new Set(['git', 'git --range --workers 0', 'staged', 'scan']);
  const cases = [
    ...runs.map(([n, f, k]): [string, string[], string[], NodeJS.ProcessEnv] => [`${n} (repository config)`, f, k, {}]),
    ...runs.filter(([n]) => withEnv.has(n)).map(([n, f, k]): [string, string[], string[], NodeJS.ProcessEnv] => [`${n} (+ GIT_* environment)`, f, k, h.env]),
  ];
  test.each(cases)('%s', (name, flags, keys, env) => {
    for (const m of readdirSync(h.marks)) rmSync(join(h.marks, m));
    const mode = name.split(' ')[0]!;
    const r = runCli([mode, dir, ...flags, '--format', 'json', '--show-secrets'], { env });
    // One marker per key or variable: a failure names what ran.
    expect(readdirSync(h.marks)).toEqual([]);
    expect([r.code, r.code === 1 ? '' : r.stderr]).toEqual([1, '']);
    const report = JSON.parse(r.stdout) as { findings: Array<{ aws?: { keyId: string } }> };
    expect(report.findings.map((f) => f.aws?.keyId)).toEqual(expect.arrayContaining(keys));
  });
});

// keyhound never fetches, but a git without GIT_NO_LAZY_FETCH (before 2.39.4 / 2.44) asks a
// promisor remote for a missing object: the repository names the remote and allows its
// protocol (`ext::` runs a command). Every transport must be closed whatever the repository
// allows: a remote asked for directly with keyhound's git settings runs nothing.
test.each(['origin', 'sshr', 'httpr'])('no transport opens to remote %s, whatever protocol.*.allow says', async (remote) => {
  for (const m of readdirSync(h.marks)) rmSync(join(h.marks, m));
  const r = await runGit(h.repo.dir, ['ls-remote', remote]);
  expect(readdirSync(h.marks)).toEqual([]);
  expect(r.code).not.toBe(0);
  expect(r.stderr).toMatch(/transport '(ext|ssh|http)' not allowed/);
});

// The one inherited variable a pre-commit scan needs: `git commit -a` stages into a temporary
// index named by GIT_INDEX_FILE; the repository's own index does not hold the change yet.
test('as a pre-commit hook under `git commit -a`, the key being committed blocks the commit', () => {
  const r = GitRepo.init();
  r.commitFiles({ 'app.ini': 'a=1\n' }, 'init');
  const out = join(tempDir(), 'hook.json');
  r.write('.git/hooks/pre-commit', `#!/bin/sh\nexec '${process.execPath}' '${BIN}' staged --format json --show-secrets > '${out}'\n`);
  chmodSync(join(r.dir, '.git/hooks/pre-commit'), 0o755);
  const k = creds();
  r.write('app.ini', k.ini);
  let code = 0;
  try {
    execFileSync('git', ['commit', '-a', '-q', '-m', 'leak'], { cwd: r.dir, env: testGitEnv(), stdio: 'pipe' });
  } catch (e) {
    code = (e as { status: number }).status;
  }
  expect(code).toBe(1);
  const report = JSON.parse(readFileSync(out, 'utf8')) as { findings: Array<{ aws?: { keyId: string }; locations: Array<{ path: string; line: number }> }> };
  expect(report.findings.map((f) => [f.aws?.keyId, f.locations[0]!.path, f.locations[0]!.line])).toEqual([[k.keyId, 'app.ini', 2]]);
  expect(r.git('rev-list', '--count', 'HEAD').trim()).toBe('1');
});
