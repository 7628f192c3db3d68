import { afterAll, describe, expect, test } from '@jest/globals';
import { gitSource, GitUsageError, preflight, MAX_PROVENANCE } from '../../../src/sources/git/index.js';
import type { Provenance } from '../../../src/types.js';
import { GitRepo, AUTHOR, cleanupRepos, tempDir } from '../../helpers/git-repo.js';
import { fakeKeyId, fakeSecret } from '../../helpers/keys.js';
import { collect } from './collect.js';

afterAll(cleanupRepos);

const MB = 1 << 20;
const creds = () => {
  const { keyId } = fakeKeyId();
  const secret = fakeSecret();
  return { keyId, secret, ini: `[default]\naws_access_key_id = ${keyId}\naws_secret_access_key = ${secret}\n` };
};
const git = (p: Provenance) => {
  if (p.kind !== 'git') throw new Error(`expected git provenance, got ${p.kind}`);
  return p;
};
const scan = (repo: GitRepo | string, o: Partial<Parameters<typeof gitSource>[0]> = {}) =>
  collect(gitSource({ repo: typeof repo === 'string' ? repo : repo.dir, maxFileBytes: MB, ...o }));

function baseRepo(): GitRepo {
  const r = GitRepo.init();
  r.commitFiles({ 'README.md': '# demo\n', 'src/app.js': 'console.log(1)\n' }, 'initial', { date: '2021-01-01T00:00:00Z' });
  return r;
}

describe('gitSource: full history', () => {
  test('a key committed then deleted: found once, with the introducing commit', async () => {
    const r = baseRepo();
    const k = creds();
    const c1 = r.commitFiles({ 'config/aws.ini': k.ini }, 'add deploy config', {
      date: '2021-02-03T04:05:06Z',
      author: { name: 'Bob Builder', email: 'bob@example.com' },
    });
    r.remove('config/aws.ini');
    r.commit('remove secrets', { date: '2021-02-04T00:00:00Z' });
    // the same content re-added later at another path: a second provenance, not a second chunk
    const c3 = r.commitFiles({ 'backup/aws.ini': k.ini }, 'restore backup', { date: '2021-03-01T00:00:00Z' });

    const out = await scan(r);
    const hits = out.containing(k.keyId);
    expect(hits).toHaveLength(1);
    const chunk = hits[0]!;
    expect(chunk.id).toBe(r.blobAt(c1, 'config/aws.ini'));
    expect(chunk.provenance).toHaveLength(2);
    const p0 = git(chunk.provenance[0]!);
    expect(p0).toMatchObject({
      kind: 'git',
      commit: c1,
      path: 'config/aws.ini',
      author: 'Bob Builder',
      email: 'bob@example.com',
      subject: 'add deploy config',
      blob: chunk.id,
    });
    expect(new Date(p0.date).toISOString()).toBe('2021-02-03T04:05:06.000Z');
    expect(git(chunk.provenance[1]!)).toMatchObject({ commit: c3, path: 'backup/aws.ini' });
    expect(out.counts.commits).toBe(4);
    expect(out.counts.refs).toBe(1);
    expect(out.warnings).toEqual([]);
    // every unique blob once
    const ids = out.chunks.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('earliest by commit date wins even when it is on a side branch', async () => {
    const r = baseRepo();
    const k = creds();
    r.checkout('-b', 'old');
    const early = r.commitFiles({ 'a.ini': k.ini }, 'early', { date: '2021-01-05T00:00:00Z' });
    r.checkout('main');
    r.commitFiles({ 'b.ini': k.ini }, 'late', { date: '2022-01-05T00:00:00Z' });
    const out = await scan(r);
    const [hit] = out.containing(k.keyId);
    expect(git(hit!.provenance[0]!)).toMatchObject({ commit: early, path: 'a.ini' });
  });

  test('a key only on an unmerged branch', async () => {
    const r = baseRepo();
    const k = creds();
    r.checkout('-b', 'feature/x');
    const c = r.commitFiles({ 'deploy.sh': `export AWS_ACCESS_KEY_ID=${k.keyId}\n` }, 'wip deploy');
    r.checkout('main');
    r.commitFiles({ 'README.md': '# demo 2\n' }, 'docs');
    const out = await scan(r);
    const hits = out.containing(k.keyId);
    expect(hits).toHaveLength(1);
    expect(git(hits[0]!.provenance[0]!)).toMatchObject({ commit: c, path: 'deploy.sh', subject: 'wip deploy' });
  });

  test('a key only reachable from a tag (lightweight and annotated)', async () => {
    const r = baseRepo();
    const k1 = creds();
    const k2 = creds();
    r.checkout('-b', 'tmp');
    const c1 = r.commitFiles({ 'k1.txt': k1.keyId }, 'k1');
    r.tag('v1-light');
    r.checkout('main');
    r.checkout('-b', 'tmp2');
    const c2 = r.commitFiles({ 'k2.txt': k2.keyId }, 'k2');
    r.tag('v2-annotated', 'HEAD', true);
    r.checkout('main');
    r.git('branch', '-D', 'tmp', 'tmp2');
    r.git('reflog', 'expire', '--expire=now', '--all');
    const out = await scan(r);
    expect(git(out.containing(k1.keyId)[0]!.provenance[0]!).commit).toBe(c1);
    expect(git(out.containing(k2.keyId)[0]!.provenance[0]!).commit).toBe(c2);
  });

  test('keys only in the stash: top entry, older entries (stash reflog), staged part, untracked part', async () => {
    const r = baseRepo();
    const [k1, k2, k3, k4] = [creds(), creds(), creds(), creds()];
    r.write('src/app.js', `const id = '${k1.keyId}'\n`);
    r.stash('first'); // becomes stash@{1}: only in the stash reflog
    r.write('src/app.js', `const id = '${k2.keyId}'\n`);
    r.write('staged.txt', k3.keyId);
    r.git('add', 'staged.txt');
    r.write('untracked.txt', k4.keyId);
    r.stash('second', '--include-untracked');
    expect(r.git('status', '--porcelain')).toBe('');
    const out = await scan(r);
    for (const k of [k1, k2, k3, k4]) expect(out.containing(k.keyId)).toHaveLength(1);
    expect(git(out.containing(k1.keyId)[0]!.provenance[0]!).path).toBe('src/app.js');
    expect(git(out.containing(k4.keyId)[0]!.provenance[0]!).path).toBe('untracked.txt');
  });

  test('notes are scanned', async () => {
    const r = baseRepo();
    const k = creds();
    r.gitAt(undefined, 'notes', 'add', '-m', `ops: key ${k.keyId}`, 'HEAD');
    const out = await scan(r);
    expect(out.containing(k.keyId)).toHaveLength(1);
  });

  test('a key only in an amended-away commit whose reflog expired: found only with allObjects, as unreachable', async () => {
    const r = baseRepo();
    const k = creds();
    const m = creds();
    r.commitFiles({ 'settings.py': `AWS_SECRET_ACCESS_KEY = "${k.secret}"\n` }, `oops ${m.keyId}`);
    r.write('settings.py', 'AWS_SECRET_ACCESS_KEY = os.environ["AWS_SECRET_ACCESS_KEY"]\n');
    r.commit('settings', { amend: true });
    // Until then HEAD's reflog reaches it and it is walked as a commit (revisions.test.ts).
    r.git('reflog', 'expire', '--expire=now', '--all');
    const blob = r.hashObject(`AWS_SECRET_ACCESS_KEY = "${k.secret}"\n`);

    const plain = await scan(r);
    expect(plain.containing(k.secret)).toHaveLength(0);
    expect(plain.containing(m.keyId)).toHaveLength(0);
    expect(plain.counts.unreachableBlobs).toBeUndefined();

    const all = await scan(r, { allObjects: true });
    const hits = all.containing(k.secret);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.id).toBe(blob);
    expect(hits[0]!.provenance).toEqual([{ kind: 'git-unreachable', blob }]);
    expect(all.counts.unreachableBlobs).toBeGreaterThanOrEqual(1);
    // the amended-away commit's message too
    const msg = all.containing(m.keyId);
    expect(msg).toHaveLength(1);
    expect(msg[0]!.provenance[0]).toMatchObject({ kind: 'git-message', author: AUTHOR.name, email: AUTHOR.email, subject: `oops ${m.keyId}` });
    // reachable blobs keep their real provenance in allObjects mode
    const readme = all.containing('# demo');
    expect(readme[0]!.provenance[0]!.kind).toBe('git');
  });

  test('a key in a commit message', async () => {
    const r = baseRepo();
    const k = creds();
    const c = r.commitFiles({ 'x.txt': 'x\n' }, `fix creds\n\nuse ${k.keyId} / ${k.secret} for now`, { date: '2021-06-01T12:00:00Z' });
    const out = await scan(r);
    const hits = out.containing(k.keyId);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.provenance).toEqual([
      { kind: 'git-message', commit: c, author: AUTHOR.name, email: AUTHOR.email, date: expect.any(String), subject: 'fix creds' },
    ]);
    expect(out.text(hits[0]!)).toContain(k.secret);
    expect(out.counts.messages).toBe(2);
    const none = await scan(r, { messages: false });
    expect(none.containing(k.keyId)).toHaveLength(0);
    expect(none.counts.messages).toBeUndefined();
  });

  test('the same blob in 50 commits is yielded once; provenance capped, true count reported', async () => {
    const r = baseRepo();
    const k = creds();
    for (let i = 0; i < 50; i++) r.commitFiles({ [`env/${String(i).padStart(2, '0')}.env`]: k.ini }, `env ${i}`);
    const out = await scan(r);
    const hits = out.containing(k.keyId);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.provenance).toHaveLength(MAX_PROVENANCE);
    expect(git(hits[0]!.provenance[0]!)).toMatchObject({ path: 'env/00.env', subject: 'env 0' });
    expect(out.counts.provenanceTruncated).toBe(50 - MAX_PROVENANCE);
    expect(out.counts.blobs).toBe(3); // README, app.js, the env blob
  });

  test('merges: a blob made while resolving a conflict is attributed to the merge', async () => {
    const r = baseRepo();
    const k = creds();
    r.checkout('-b', 'side');
    r.commitFiles({ 'conf.txt': 'side\n' }, 'side');
    r.checkout('main');
    r.commitFiles({ 'conf.txt': 'main\n' }, 'main');
    try {
      r.git('merge', '-q', 'side');
    } catch {
      /* conflict expected */
    }
    r.write('conf.txt', `merged ${k.keyId}\n`);
    const merge = r.commit('merge side');
    const out = await scan(r);
    expect(git(out.containing(k.keyId)[0]!.provenance[0]!)).toMatchObject({ commit: merge, path: 'conf.txt' });
  });

  test('paths with spaces, tabs and non-ASCII survive', async () => {
    const r = baseRepo();
    const k = creds();
    const name = 'dir with space/tab\there/clé "q".txt';
    r.commitFiles({ [name]: k.keyId }, 'odd path');
    const out = await scan(r);
    expect(git(out.containing(k.keyId)[0]!.provenance[0]!).path).toBe(name);
  });

  test('over-cap blobs are warned about and not read', async () => {
    const r = baseRepo();
    const k = creds();
    r.commitFiles({ 'big.bin': k.keyId + 'x'.repeat(5000) }, 'big');
    const out = await scan(r, { maxFileBytes: 1000 });
    expect(out.containing(k.keyId)).toHaveLength(0);
    expect(out.warnings).toEqual([expect.objectContaining({ kind: 'size-cap', path: 'big.bin' })]);
    expect(out.counts.sizeCapped).toBe(1);
  });

  test('bare clone and --mirror clone', async () => {
    const r = baseRepo();
    const k1 = creds();
    const k2 = creds();
    r.checkout('-b', 'feature');
    r.commitFiles({ 'f.txt': k1.keyId }, 'feature');
    r.checkout('main');
    r.commitFiles({ 'm.txt': k2.keyId }, 'main');
    for (const flag of ['--bare', '--mirror']) {
      const c = GitRepo.clone(r, flag);
      expect((await preflight(c.dir)).bare).toBe(true);
      const out = await scan(c);
      expect(out.containing(k1.keyId)).toHaveLength(1);
      expect(out.containing(k2.keyId)).toHaveLength(1);
    }
    // a normal clone reaches the feature branch through refs/remotes
    const normal = GitRepo.clone(r);
    const out = await scan(normal);
    expect(out.containing(k1.keyId)).toHaveLength(1);
  });

  test('a deleted loose object: warned per object, the rest still scanned', async () => {
    const r = baseRepo();
    const k1 = creds();
    const k2 = creds();
    r.commitFiles({ 'gone.ini': k1.ini, 'kept.ini': k2.ini }, 'two keys');
    const gone = r.blobAt('HEAD', 'gone.ini');
    r.deleteLooseObject(gone);
    const out = await scan(r);
    expect(out.containing(k1.keyId)).toHaveLength(0);
    expect(out.containing(k2.keyId)).toHaveLength(1);
    expect(out.warnings).toEqual([expect.objectContaining({ kind: 'missing-object' })]);
    expect(out.warnings[0]!.path).toContain(gone);
    expect(out.warnings[0]!.path).toContain('gone.ini');
    expect(out.counts.missingObjects).toBe(1);
  });

  test('a partial clone (blob:none): every absent blob warned, nothing fetched', async () => {
    const r = baseRepo();
    r.git('config', 'uploadpack.allowFilter', 'true');
    const k = creds();
    r.commitFiles({ 'k.ini': k.ini }, 'key');
    const c = GitRepo.clone(r, '--filter=blob:none', '--no-checkout');
    const objects = () => c.git('cat-file', '--batch-all-objects', '--batch-check').split('\n').length;
    const before = objects();
    for (const range of [undefined, 'HEAD~1']) {
      const out = await scan(c, { range });
      expect(out.containing(k.keyId)).toHaveLength(0);
      expect(out.warnings.every((w) => w.kind === 'missing-object')).toBe(true);
      expect(out.warnings.some((w) => w.path.includes('k.ini'))).toBe(true);
      expect(out.counts.missingObjects).toBe(range ? 1 : 3);
    }
    expect(objects()).toBe(before);
  });

  test('a shallow clone warns, with its depth', async () => {
    const r = baseRepo();
    for (let i = 0; i < 4; i++) r.commitFiles({ 'n.txt': `${i}\n` }, `c${i}`);
    const c = GitRepo.clone(r, '--depth', '2');
    expect((await preflight(c.dir)).shallow).toBe(true);
    const out = await scan(c);
    expect(out.warnings).toEqual([expect.objectContaining({ kind: 'shallow' })]);
    expect(out.warnings[0]!.message).toMatch(/2 commit/);
    expect(out.counts.shallowDepth).toBe(2);
  });

  test('an empty repository yields only its own config and does not fail', async () => {
    const r = GitRepo.init();
    const out = await scan(r);
    // .git/config is read as a file (git-dir-files.test.ts); no blob, message or tag
    expect(out.chunks.map((c) => c.provenance)).toEqual([[{ kind: 'file', path: '.git/config' }]]);
    expect(out.warnings).toEqual([]);
  });

  test('not a repository and bad revisions are GitUsageErrors', async () => {
    const dir = tempDir();
    await expect(preflight(dir)).rejects.toThrow(GitUsageError);
    await expect(preflight(dir + '/nope')).rejects.toThrow(/not a git repository/);
    await expect(scan(dir)).rejects.toThrow(GitUsageError);
    const r = baseRepo();
    await expect(scan(r, { range: 'no-such-rev' })).rejects.toThrow(/unknown revision 'no-such-rev'/);
    await expect(scan(r, { range: 'HEAD..nope' })).rejects.toThrow(GitUsageError);
    await expect(scan(r, { range: '--output=/tmp/x' })).rejects.toThrow(GitUsageError);
  });

  test('abort stops the scan and kills git', async () => {
    const r = baseRepo();
    for (let i = 0; i < 30; i++) r.commitFiles({ [`f${i}.txt`]: `${i}\n` }, `c${i}`);
    const ac = new AbortController();
    let batches = 0;
    let afterAbort = 0;
    const src = gitSource({ repo: r.dir, maxFileBytes: MB });
    for await (const batch of src({ warn: () => {}, count: () => {}, signal: ac.signal })) {
      expect(batch.length).toBeGreaterThan(0);
      if (ac.signal.aborted) afterAbort++;
      batches++;
      ac.abort();
    }
    // The batch in hand when the signal fired was the last one.
    expect(batches).toBe(1);
    expect(afterAbort).toBe(0);
  });
});

describe('gitSource: ranges', () => {
  test('only blobs introduced by commits in the range', async () => {
    const r = baseRepo();
    const old = creds();
    const fresh = creds();
    const msgKey = creds();
    r.commitFiles({ 'old.ini': old.ini }, 'old key');
    const base = r.head();
    r.checkout('-b', 'pr');
    r.commitFiles({ 'new.ini': fresh.ini }, 'new key');
    r.commitFiles({ 'other.txt': 'hello\n' }, `msg ${msgKey.keyId}`);
    r.commitFiles({ 'old-copy.ini': old.ini }, 'copy old key'); // introduced again in the range

    for (const range of [`${base}..pr`, base, 'main..HEAD', 'main...pr']) {
      const out = await scan(r, { range });
      expect(out.containing(fresh.keyId)).toHaveLength(1);
      expect(out.containing(msgKey.keyId)).toHaveLength(1);
      expect(out.containing('# demo')).toHaveLength(0);
      const oldHits = out.containing(old.keyId);
      expect(oldHits).toHaveLength(1);
      expect(oldHits[0]!.provenance.map((p) => git(p).path)).toEqual(['old-copy.ini']);
      expect(out.counts.commits).toBe(3);
    }
  });

  test('an empty range yields nothing', async () => {
    const r = baseRepo();
    const out = await scan(r, { range: 'HEAD' });
    expect(out.chunks).toEqual([]);
  });
});
