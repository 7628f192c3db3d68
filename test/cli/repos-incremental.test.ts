// `keyhound repos --incremental --state FILE`: after one new commit in one repository, only
// that repository is scanned, and only the blobs its new commit added; the others are
// unchanged (fetched, nothing scanned); the report still holds every finding. Needs a build.
import { afterAll, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/cli.js';
import { cleanupRepos, GitRepo } from '../helpers/git-repo.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';
import { buildOrg, type ReportJson } from '../audit/fixtures.js';

afterAll(() => cleanupRepos());

test('one new commit in one repo: only its new blobs are scanned, the rest is unchanged, findings merged', () => {
  const org = buildOrg(3, { sharedIn: [0] });
  const cache = join(tempDir('keyhound-inc-cache-'), 'c');
  const state = join(tempDir('keyhound-inc-state-'), 'audit.state');
  const run = (...extra: string[]) => runCli(['repos', org.list, '--cache-dir', cache, '--state', state, '--format', 'json', '--show-secrets', ...extra]);
  expect(run().code).toBe(1);

  const bare = new GitRepo(org.urls[2]!.slice('file://'.length));
  const work = GitRepo.clone(bare);
  const { keyId } = fakeKeyId();
  work.commitFiles({ 'new.env': org.pairText(keyId, fakeSecret()), 'notes.txt': 'hello\n' }, 'add settings');
  work.git('push', '-q', 'origin', 'HEAD:main');

  const r = run('--incremental');
  expect(r.code).toBe(1);
  const report = JSON.parse(r.stdout) as ReportJson;
  expect(report.repos.map((x) => [x.repo, x.status, x.commits, x.blobs])).toEqual([
    [org.urls[0], 'unchanged', 0, 0],
    [org.urls[1], 'unchanged', 0, 0],
    [org.urls[2], 'updated', 1, 2],
    [org.broken, 'failed', 0, 0],
  ]);
  expect(report.findings.map((f) => [f.aws?.keyId, f.locations.map((l) => [l.repo, l.path])])).toEqual(
    expect.arrayContaining([
      [org.shared.keyId, [[org.urls[0], 'deploy.env']]],
      [keyId, [[org.urls[2], 'new.env']]],
    ]),
  );
  expect(report.findings).toHaveLength(2);

  // Nothing moved since: nothing scanned, same findings (the updated record is the latest).
  const again = JSON.parse(run('--incremental').stdout) as ReportJson;
  expect(again.repos.filter((x) => x.status !== 'failed').map((x) => x.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
  expect(again.findings.map((f) => f.fingerprint)).toEqual(report.findings.map((f) => f.fingerprint));
});

test('--incremental without --state is a usage error', () => {
  const r = runCli(['repos', '-', '--incremental'], { input: '' });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('--incremental needs --state FILE');
});
