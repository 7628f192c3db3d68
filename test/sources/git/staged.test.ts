import { afterAll, describe, expect, test } from '@jest/globals';
import { stagedSource, GitUsageError } from '../../../src/sources/git/index.js';
import { parseStagedDiff, unquoteCPath } from '../../../src/sources/git/staged.js';
import { GitRepo, cleanupRepos, tempDir } from '../../helpers/git-repo.js';
import { fakeKeyId, fakeSecret } from '../../helpers/keys.js';
import { collect } from './collect.js';

afterAll(cleanupRepos);

const MB = 1 << 20;
const key = () => fakeKeyId().keyId;
const scan = (r: GitRepo | string, o: { allLines?: boolean; maxFileBytes?: number } = {}) =>
  collect(stagedSource({ repo: typeof r === 'string' ? r : r.dir, maxFileBytes: MB, ...o }));

describe('stagedSource', () => {
  test('scans the staged version with the added/changed line numbers; unstaged edits are not seen', async () => {
    const r = GitRepo.init();
    r.commitFiles({ 'app.py': 'a = 1\nb = 2\nc = 3\nd = 4\n', 'same.txt': 'unchanged\n' }, 'init');
    const staged = key();
    const unstaged = key();
    r.write('app.py', `a = 1\nKEY = "${staged}"\nc = 3\nd = 4\nsecret = "${fakeSecret()}"\n`);
    r.add('app.py');
    // after staging, the working tree changes again: that must not be scanned
    r.write('app.py', `a = 1\nKEY = "${staged}"\nc = 3\nd = 4\nOTHER = "${unstaged}"\n`);
    r.write('notes.txt', `untracked ${unstaged}\n`);

    const out = await scan(r);
    expect(out.chunks).toHaveLength(1);
    const [c] = out.chunks;
    expect(out.text(c!)).toContain(staged);
    expect(out.text(c!)).not.toContain(unstaged);
    expect(c!.lines).toEqual([2, 5]);
    expect(c!.id).toBe(r.git('rev-parse', ':app.py').trim());
    expect(c!.provenance).toEqual([{ kind: 'staged', path: 'app.py', blob: c!.id }]);

    const all = await scan(r, { allLines: true });
    expect(all.chunks[0]!.lines).toBeUndefined();
  });

  test('before the first commit: everything staged, every line', async () => {
    const r = GitRepo.init();
    const k = key();
    r.write('a.txt', `one\n${k}\n`).write('dir/b.txt', 'b\n').add();
    r.write('later.txt', k); // not staged
    const out = await scan(r);
    expect(out.chunks.map((c) => [c.provenance[0], c.lines])).toEqual([
      [{ kind: 'staged', path: 'a.txt', blob: expect.any(String) }, [1, 2]],
      [{ kind: 'staged', path: 'dir/b.txt', blob: expect.any(String) }, [1]],
    ]);
  });

  test('nothing staged yields nothing; deletions and pure renames yield nothing', async () => {
    const r = GitRepo.init();
    const k = key();
    r.commitFiles({ 'old.txt': `${k}\n`, 'gone.txt': 'x\n' }, 'init');
    expect((await scan(r)).chunks).toEqual([]);
    r.git('mv', 'old.txt', 'new.txt');
    r.git('rm', '-q', 'gone.txt');
    const out = await scan(r);
    expect(out.chunks).toEqual([]);
  });

  test('a renamed file with one changed line reports just that line', async () => {
    const r = GitRepo.init();
    const body = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    r.commitFiles({ 'old.txt': body }, 'init');
    r.git('mv', 'old.txt', 'new.txt');
    r.write('new.txt', body.replace('line 7\n', `line 7 ${key()}\n`)).add();
    const out = await scan(r);
    expect(out.chunks.map((c) => [c.provenance[0], c.lines])).toEqual([[expect.objectContaining({ path: 'new.txt' }), [7]]]);
  });

  test('binary files are scanned whole; odd paths survive; over-cap files warn', async () => {
    const r = GitRepo.init();
    r.commitFiles({ 'x': 'x\n' }, 'init');
    const k = key();
    r.write('blob.bin', Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(k)]));
    r.write('tab\there "q".txt', `${k}\n`);
    r.write('big.txt', 'y'.repeat(3000));
    r.add();
    const out = await scan(r, { maxFileBytes: 1000 });
    const byPath = Object.fromEntries(out.chunks.map((c) => [(c.provenance[0] as { path: string }).path, c.lines]));
    expect(byPath).toEqual({ 'blob.bin': undefined, 'tab\there "q".txt': [1] });
    expect(out.warnings).toEqual([expect.objectContaining({ kind: 'size-cap', path: 'big.txt' })]);
  });

  test('not a repository is a GitUsageError; a bare repository has nothing staged', async () => {
    await expect(scan(tempDir())).rejects.toThrow(GitUsageError);
    await expect(scan(tempDir() + '/missing')).rejects.toThrow(/not a git repository/);
    const bare = GitRepo.init({ bare: true });
    expect((await scan(bare)).chunks).toEqual([]);
  });
});

describe('parsing helpers', () => {
  test('unquoteCPath', () => {
    expect(unquoteCPath('plain')).toBe('plain');
    expect(unquoteCPath('"a\\tb\\"c\\\\d"')).toBe('a\tb"c\\d');
    expect(unquoteCPath('"cl\\303\\251"')).toBe('clé');
  });

  test('parseStagedDiff: hunk without count means one line; count 0 means none', () => {
    const sha = 'a'.repeat(40);
    const out = [
      `:100644 100644 ${'b'.repeat(40)} ${sha} M\tf.txt`,
      '',
      'diff --git a/f.txt b/f.txt',
      'index 1..2 100644',
      '--- a/f.txt',
      '+++ b/f.txt',
      '@@ -3 +3 @@',
      '-x',
      '+y',
      '@@ -9,2 +8,0 @@',
      '-p',
      '-q',
      '@@ -20,0 +19,3 @@',
      '+diff --git not a header',
      '+@@ -1 +1 @@',
      '+z',
      '',
    ].join('\n');
    expect(parseStagedDiff(out, false)).toEqual([{ path: 'f.txt', blob: sha, lines: [3, 19, 20, 21] }]);
  });
});
