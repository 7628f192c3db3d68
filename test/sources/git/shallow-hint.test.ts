// A range whose base a shallow clone lacks (CI's depth-1 checkout): exit 2 with what is
// missing and how to fetch it, never a bare "unknown revision". Real git, real clone.
import { afterAll, describe, expect, test } from '@jest/globals';
import { runCli } from '../../helpers/cli.js';
import { GitRepo, cleanupRepos } from '../../helpers/git-repo.js';

afterAll(cleanupRepos);

function history(n: number): GitRepo {
  const r = GitRepo.init();
  for (let i = 0; i < n; i++) r.commitFiles({ 'n.txt': `${i}\n` }, `c${i}`);
  return r;
}

describe('--since / --range in a shallow clone', () => {
  test('--since HEAD~1 in a depth-1 clone: exit 2, names the revision and the fixes', () => {
    const c = GitRepo.clone(history(3), '--depth', '1');
    const r = runCli(['git', c.dir, '--since', 'HEAD~1']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("revision 'HEAD~1' (in range 'HEAD~1') is not in this repository: it is a shallow clone");
    expect(r.stderr).toContain('fetch-depth: 0');
    expect(r.stderr).toContain('git fetch --deepen=<N>');
    expect(r.stderr).toContain('git fetch --unshallow');
    expect(r.stderr).not.toMatch(/^keyhound: unknown revision/m);
  });

  test('--range BASE..HEAD where BASE (a full sha, e.g. a push\'s before) was not fetched', () => {
    const src = history(3);
    const base = src.rev('HEAD~2');
    const c = GitRepo.clone(src, '--depth', '1');
    const r = runCli(['git', c.dir, '--range', `${base}..HEAD`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`revision '${base}' (in range '${base}..HEAD') is not in this repository: it is a shallow clone`);
    expect(r.stderr).toContain(`git fetch origin ${base}`);
  });

  test('the same range after `git fetch --deepen=2` scans (exit 0)', () => {
    const src = history(3);
    const c = GitRepo.clone(src, '--depth', '1');
    c.git('-c', 'protocol.file.allow=always', 'fetch', '-q', '--deepen=2');
    const r = runCli(['git', c.dir, '--since', 'HEAD~1']);
    expect(r.stderr).not.toContain('is not in this repository');
    expect(r.code).toBe(0);
  });

  test('a typo in a full clone keeps the plain message (no shallow advice)', () => {
    const r = runCli(['git', history(2).dir, '--since', 'no-such-rev']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown revision 'no-such-rev'");
    expect(r.stderr).not.toContain('shallow');
  });
});
