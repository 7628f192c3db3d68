// Content scanned once, reported everywhere (issue #11, property 5), end to end: the CLI
// spawned on real git repositories and real trees; every place holding the content is a
// location of its finding, with its own path and commit.
import { afterAll, describe, expect, test } from '@jest/globals';
import { runCli } from '../helpers/cli.js';
import { GitRepo, cleanupRepos } from '../helpers/git-repo.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';
import { zip } from '../helpers/archives.js';

afterAll(cleanupRepos);

interface Loc { path: string; line: number; column: number; provenance: { kind: string; commit?: string; path?: string; inner?: string; outer?: { kind: string; commit?: string; path?: string } } }
interface Report {
  summary: { filesScanned: number; extra?: Record<string, number> };
  findings: Array<{ ruleId: string; secret: string; aws?: { keyId: string }; locations: Loc[]; moreLocations?: number }>;
}

function keyhound(...args: string[]): { code: number | null; report: Report } {
  const r = runCli([...args, '--format', 'json', '--show-secrets']);
  try {
    return { code: r.code, report: JSON.parse(r.stdout) as Report };
  } catch {
    throw new Error(`exit ${r.code}, not JSON:\n${r.stdout.slice(0, 500)}\n${r.stderr.slice(0, 2000)}`);
  }
}

const creds = () => {
  const { keyId } = fakeKeyId();
  return { keyId, text: `# ops\naws_access_key_id = ${keyId}\naws_secret_access_key = ${fakeSecret()}\n` };
};

const keyIdFinding = (rep: Report, keyId: string) => rep.findings.filter((f) => f.aws?.keyId === keyId);

describe('one content, every place', () => {
  test('a blob committed at two paths in two commits: one finding, both paths as locations, each with its commit', () => {
    const r = GitRepo.init();
    const k = creds();
    const c1 = r.commitFiles({ 'a/conf.ini': k.text }, 'first', { date: '2021-01-01T00:00:00Z' });
    const c2 = r.commitFiles({ 'b/conf.ini': k.text, 'c/other.txt': 'x\n' }, 'copy', { date: '2021-02-01T00:00:00Z' });
    const { code, report } = keyhound('git', r.dir);
    expect(code).toBe(1);
    const found = keyIdFinding(report, k.keyId);
    expect(found).toHaveLength(1);
    expect(found[0]!.locations.map((l) => [l.path, l.line, l.column, l.provenance.kind, l.provenance.commit])).toEqual([
      ['a/conf.ini', 2, 21, 'git', c1],
      ['b/conf.ini', 2, 21, 'git', c2],
    ]);
    expect(found[0]!.moreLocations).toBeUndefined();
    // The blob was read once.
    expect(report.summary.extra?.blobs).toBe(2);
  });

  test('an archive committed to git is located as app.jar!inner/path with its commit', () => {
    const r = GitRepo.init();
    const k = creds();
    r.commitFiles({ 'README.md': 'hi\n' }, 'init', { date: '2021-01-01T00:00:00Z' });
    r.write('lib/app.jar', zip([{ name: 'META-INF/MANIFEST.MF', data: 'Manifest-Version: 1.0\n' }, { name: 'conf/app.properties', data: k.text }]));
    const c = r.commit('add jar', { date: '2021-03-01T00:00:00Z' });
    const { code, report } = keyhound('git', r.dir);
    expect(code).toBe(1);
    const [f, ...rest] = keyIdFinding(report, k.keyId);
    expect(rest).toEqual([]);
    expect(f!.locations).toHaveLength(1);
    expect(f!.locations[0]).toMatchObject({
      path: 'lib/app.jar!conf/app.properties',
      line: 2,
      column: 21,
      provenance: { kind: 'archive', inner: 'conf/app.properties', outer: { kind: 'git', commit: c, path: 'lib/app.jar' } },
    });
  });
});

describe.each([0, 1])('identical files in a tree (--workers %i)', (workers) => {
  test('the same content at two paths: one finding, two locations, scanned once', () => {
    const r = GitRepo.init(); // a plain directory is enough; this one is cleaned up with the rest
    const k = creds();
    const other = creds();
    const pad = `${'# padding so the file is worth a hash\n'.repeat(40)}`;
    r.write('a/conf.ini', pad + k.text);
    r.write('b/copy.ini', pad + k.text);
    // Same size, other bytes: hashed, not taken for the first.
    r.write('c/same-size.ini', pad + other.text);
    const { code, report } = keyhound('scan', r.dir, '--workers', String(workers));
    expect(code).toBe(1);
    const [f, ...rest] = keyIdFinding(report, k.keyId);
    expect(rest).toEqual([]);
    const line = pad.split('\n').length + 1;
    expect(f!.locations.map((l) => [l.path.slice(r.dir.length + 1), l.line, l.column, l.provenance.kind])).toEqual([
      ['a/conf.ini', line, 21, 'file'],
      ['b/copy.ini', line, 21, 'file'],
    ]);
    expect(keyIdFinding(report, other.keyId)[0]!.locations.map((l) => l.path.slice(r.dir.length + 1))).toEqual(['c/same-size.ini']);
    expect(report.summary.extra?.duplicateContent).toBe(1);
    expect(report.summary.filesScanned).toBe(3);
  });
});
