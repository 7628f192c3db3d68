// Commits only a reflog reaches (an amended commit, a deleted branch's commits in HEAD's
// reflog) are walked by default: their blobs are located with the commit and path, once.
import { afterAll, describe, expect, test } from '@jest/globals';
import { gitSource } from '../../../src/sources/git/index.js';
import { GitRepo, cleanupRepos } from '../../helpers/git-repo.js';
import { fakeKeyId, fakeSecret } from '../../helpers/keys.js';
import { runCli } from '../../helpers/cli.js';
import { collect } from './collect.js';

afterAll(cleanupRepos);

const creds = () => {
  const { keyId, account } = fakeKeyId();
  return { keyId, account, ini: `[default]\naws_access_key_id = ${keyId}\naws_secret_access_key = ${fakeSecret()}\n` };
};

describe('reflog-only commits', () => {
  test('a key in an amended commit: located with the old commit and path, by default, once', async () => {
    const r = GitRepo.init();
    r.commitFiles({ 'README.md': 'hi\n' }, 'init');
    const k = creds();
    const old = r.commitFiles({ 'conf/creds.ini': k.ini }, 'add creds');
    r.write('conf/creds.ini', 'redacted\n');
    const amended = r.commit('add config', { amend: true });
    expect(amended).not.toBe(old);
    const out = await collect(gitSource({ repo: r.dir, maxFileBytes: 1 << 20 }));
    const hits = out.containing(k.keyId);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.provenance).toEqual([expect.objectContaining({ kind: 'git', commit: old, path: 'conf/creds.ini', subject: 'add creds' })]);
    expect(out.counts.unreachableBlobs).toBeUndefined();
    expect(out.counts.commits).toBe(3);

    const run = runCli(['git', r.dir, '--format', 'json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: Array<{ aws?: { account: string }; locations: Array<{ path: string; line: number; column: number; provenance: { commit?: string } }> }> };
    const f = report.findings.find((x) => x.locations.some((l) => l.path === 'conf/creds.ini'));
    expect(f?.aws?.account).toBe(k.account);
    expect(f!.locations[0]).toMatchObject({ path: 'conf/creds.ini', line: 2, column: 21, provenance: { commit: old } });
  });

  test('a deleted branch: its commits stay in HEAD\'s reflog and are scanned', async () => {
    const r = GitRepo.init();
    r.commitFiles({ 'README.md': 'hi\n' }, 'init');
    r.checkout('-b', 'topic');
    const k = creds();
    const c = r.commitFiles({ 'k.ini': k.ini }, 'topic work');
    r.checkout('main');
    r.git('branch', '-D', 'topic');
    const out = await collect(gitSource({ repo: r.dir, maxFileBytes: 1 << 20 }));
    expect(out.containing(k.keyId).map((h) => h.provenance[0])).toEqual([expect.objectContaining({ kind: 'git', commit: c, path: 'k.ini' })]);
    // Once the reflog has expired, the commit is unreachable (--all-objects finds its blob).
    r.git('reflog', 'expire', '--expire=now', '--all');
    expect((await collect(gitSource({ repo: r.dir, maxFileBytes: 1 << 20 }))).containing(k.keyId)).toEqual([]);
  });
});
