// The repository's own config (a token in a remote URL's userinfo), FETCH_HEAD and friends are
// read as plain files and located as `.git/<name>:line:col` (bare: `<name>`), full history only.
import { afterAll, describe, expect, test } from '@jest/globals';
import { readFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitRepo, cleanupRepos } from '../../helpers/git-repo.js';
import { fakeKeyId, fakeSecret } from '../../helpers/keys.js';
import { runCli } from '../../helpers/cli.js';
import { historyFinding } from './history-finding.js';

afterAll(cleanupRepos);

interface Report {
  summary: { extra?: Record<string, number> };
  findings: Array<{ aws?: { keyId: string; account: string }; locations: Array<{ path: string; line: number; column: number }> }>;
}

/** The 1-based line and column of `needle` in a file. */
function where(file: string, needle: string): { line: number; column: number } {
  const lines = readFileSync(file, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  return { line: i + 1, column: lines[i]!.indexOf(needle) + 1 };
}

function repoWithTokenUrl(bare: boolean): { r: GitRepo; keyId: string; account: string; file: string } {
  const r = GitRepo.init({ bare });
  if (!bare) r.commitFiles({ 'README.md': 'hi\n' }, 'init');
  const { keyId, account } = fakeKeyId();
  // A key pair in a remote URL's userinfo, as people paste them.
  r.git('remote', 'add', 'origin', `https://${keyId}:${fakeSecret()}@git.example.com/team/app.git`);
  return { r, keyId, account, file: join(r.gitDir(), 'config') };
}

describe('.git/config and friends', () => {
  test('a key in a remote URL in .git/config: located at its line and column, with its account', () => {
    const { r, keyId, account, file } = repoWithTokenUrl(false);
    const { report, finding } = historyFinding(r.dir, keyId, account);
    expect(finding.locations).toEqual([expect.objectContaining({ path: '.git/config', ...where(file, keyId) })]);
    expect(report.summary.extra).toMatchObject({ gitDirFiles: 1 });
  });

  test('FETCH_HEAD too; a bare repository: the files at its top', () => {
    const { r, keyId, file } = repoWithTokenUrl(true);
    const fetchHead = join(r.gitDir(), 'FETCH_HEAD');
    const other = fakeKeyId();
    appendFileSync(fetchHead, `0123456789abcdef0123456789abcdef01234567\t\tbranch 'main' of https://${other.keyId}:${fakeSecret()}@git.example.com/x\n`);
    const run = runCli(['git', r.dir, '--show-secrets', '--format', 'json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    const paths = (k: string) => report.findings.filter((x) => x.aws?.keyId === k).flatMap((x) => x.locations.map((l) => ({ path: l.path, line: l.line, column: l.column })));
    expect(paths(keyId)).toEqual([{ path: 'config', ...where(file, keyId) }]);
    expect(paths(other.keyId)).toEqual([{ path: 'FETCH_HEAD', ...where(fetchHead, other.keyId) }]);
  });

  test('not with --since (a range is about commits, not the clone)', () => {
    const { r } = repoWithTokenUrl(false);
    const c = r.commitFiles({ 'b.txt': 'b\n' }, 'b');
    expect(runCli(['git', r.dir, '--since', `${c}~1`]).code).toBe(0);
  });
});
