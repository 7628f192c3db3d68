// End to end: `keyhound git` / `keyhound staged` spawned as a user runs them (needs a built dist/,
// as `npm test` does). Findings carry git provenance; exit codes follow DESIGN.md.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, test } from '@jest/globals';
import { runCli } from '../../helpers/cli.js';
import { GitRepo, cleanupRepos, tempDir } from '../../helpers/git-repo.js';
import { fakeKeyId, fakeSecret } from '../../helpers/keys.js';

afterAll(cleanupRepos);

interface Prov { kind: string; commit?: string; path?: string; author?: string; email?: string; date?: string; subject?: string; blob?: string }
interface Loc { path: string; line: number; provenance: Prov }
interface Report {
  summary: { findings: number; complete: boolean; warningsByKind: Record<string, number>; extra?: Record<string, number> };
  findings: Array<{ ruleId: string; aws?: { keyId: string }; locations: Loc[] }>;
  warnings: Array<{ kind: string; path: string; message: string }>;
}

const creds = () => {
  const { keyId } = fakeKeyId();
  return { keyId, ini: `[default]\naws_access_key_id = ${keyId}\naws_secret_access_key = ${fakeSecret()}\n` };
};

function keyhound(...args: string[]): { code: number | null; report: Report; stderr: string } {
  const r = runCli([...args, '--format', 'json', '--show-secrets']);
  let report: Report;
  try {
    report = JSON.parse(r.stdout) as Report;
  } catch {
    throw new Error(`exit ${r.code}, not JSON:\n${r.stdout.slice(0, 500)}\n${r.stderr.slice(0, 2000)}`);
  }
  return { code: r.code, report, stderr: r.stderr };
}

const locsOf = (rep: Report, keyId: string) => rep.findings.filter((f) => f.aws?.keyId === keyId).flatMap((f) => f.locations);

describe('keyhound git (CLI)', () => {
  test('a key committed then deleted: exit 1, the introducing commit in the report', async () => {
    const r = GitRepo.init();
    r.commitFiles({ 'README.md': 'hi\n' }, 'init', { date: '2021-01-01T00:00:00Z' });
    const k = creds();
    const c = r.commitFiles({ 'ops/creds.ini': k.ini }, 'add creds', { date: '2021-05-06T07:08:09Z', author: { name: 'Eve Ops', email: 'eve@example.com' } });
    r.remove('ops/creds.ini');
    r.commit('remove creds');
    const { code, report } = keyhound('git', r.dir);
    expect(code).toBe(1);
    const locs = locsOf(report, k.keyId);
    expect(locs.length).toBeGreaterThan(0);
    expect(locs[0]).toMatchObject({ path: 'ops/creds.ini', line: 2, provenance: { kind: 'git', commit: c, author: 'Eve Ops', email: 'eve@example.com', subject: 'add creds' } });
    expect(new Date(locs[0]!.provenance.date!).toISOString()).toBe('2021-05-06T07:08:09.000Z');
    expect(report.summary.complete).toBe(true);
    expect(report.summary.extra).toMatchObject({ commits: 3, refs: 1 });
  });

  test('unreachable blobs need --all-objects; commit messages are scanned', async () => {
    const r = GitRepo.init();
    r.commitFiles({ 'a.txt': 'a\n' }, 'init');
    const gone = creds();
    const msg = creds();
    r.commitFiles({ 'b.ini': gone.ini }, 'oops');
    r.write('b.ini', 'redacted\n');
    r.commit(`rotate\n\nold creds were:\n${msg.ini}`, { amend: true });
    // The amended commit stays in HEAD's reflog (walked by default: revisions.test.ts) until it expires.
    r.git('reflog', 'expire', '--expire=now', '--all');
    const plain = keyhound('git', r.dir);
    expect(plain.code).toBe(1); // the message
    expect(locsOf(plain.report, gone.keyId)).toEqual([]);
    expect(locsOf(plain.report, msg.keyId)[0]!.provenance).toMatchObject({ kind: 'git-message', commit: r.head(), subject: 'rotate' });
    const all = keyhound('git', r.dir, '--all-objects');
    expect(all.code).toBe(1);
    expect(locsOf(all.report, gone.keyId)[0]!.provenance).toEqual({ kind: 'git-unreachable', blob: expect.any(String) });
  });

  test('--since scans only the range; a bad revision exits 2', async () => {
    const r = GitRepo.init();
    const old = creds();
    r.commitFiles({ 'old.ini': old.ini }, 'old');
    const base = r.head();
    const fresh = creds();
    r.commitFiles({ 'new.ini': fresh.ini }, 'new');
    const { code, report } = keyhound('git', r.dir, '--since', base);
    expect(code).toBe(1);
    expect(locsOf(report, fresh.keyId)).toHaveLength(1);
    expect(locsOf(report, old.keyId)).toEqual([]);
    const clean = keyhound('git', r.dir, '--since', 'HEAD');
    expect(clean.code).toBe(0);
    const bad = runCli(['git', r.dir, '--since', 'no-such-rev']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown revision 'no-such-rev'/);
  });

  test('a deleted loose object: completes, says incomplete, still reports what it found', async () => {
    const r = GitRepo.init();
    const a = creds();
    const b = creds();
    r.commitFiles({ 'a.ini': a.ini, 'b.ini': b.ini }, 'keys');
    const blob = r.blobAt('HEAD', 'a.ini');
    r.deleteLooseObject(blob);
    const { code, report, stderr } = keyhound('git', r.dir);
    expect(code).toBe(1);
    expect(locsOf(report, b.keyId)).toHaveLength(1);
    expect(report.summary.complete).toBe(false);
    expect(report.summary.warningsByKind['missing-object']).toBe(1);
    expect(report.warnings[0]!.path).toContain(blob);
    expect(stderr).toContain('missing');
    // nothing found but incomplete: exit 0 by default, 2 with --strict
    const r2 = GitRepo.init();
    r2.commitFiles({ 'x.txt': 'x\n' }, 'x');
    r2.deleteLooseObject(r2.blobAt('HEAD', 'x.txt'));
    expect(keyhound('git', r2.dir).code).toBe(0);
    expect(runCli(['git', r2.dir, '--strict']).code).toBe(2);
  });

  test.each(['0', '1'])('a corrupt blob costs that blob only: warned, the blobs after it scanned (--workers %s)', async (workers) => {
    const r = GitRepo.init();
    const keys = Array.from({ length: 6 }, creds);
    // Random filler makes each object incompressible, so a cut leaves the header readable.
    const filler = () => randomBytes(30_000).toString('base64');
    r.commitFiles(Object.fromEntries(keys.map((k, i) => [`k${i}.ini`, `${k.ini}# ${filler()}\n`])), 'keys');
    // The bad blob is the first one git lists: every other is asked for after it.
    const blobs = keys.map((_, i) => r.blobAt('HEAD', `k${i}.ini`));
    const listed = r.git('cat-file', '--batch-all-objects', '--unordered', '--batch-check=%(objectname)').split('\n');
    const badIndex = blobs.indexOf(listed.find((sha) => blobs.includes(sha))!);
    const bad = blobs[badIndex]!;
    r.truncateLooseObject(bad, 2000);
    // One reader (in a worker, or on the main thread): every blob goes through the same git
    // process, which dies on the bad one.
    const { code, report } = keyhound('git', r.dir, '--workers', workers);
    expect(code).toBe(1);
    keys.forEach((k, i) => expect(locsOf(report, k.keyId)).toHaveLength(i === badIndex ? 0 : 1));
    expect(report.summary.complete).toBe(false);
    expect(report.warnings).toEqual([expect.objectContaining({ kind: 'missing-object', path: `k${badIndex}.ini`, message: expect.stringContaining(`blob ${bad} could not be read`) })]);
  });

  test('a shallow clone warns', async () => {
    const r = GitRepo.init();
    for (let i = 0; i < 3; i++) r.commitFiles({ 'n.txt': `${i}\n` }, `c${i}`);
    const c = GitRepo.clone(r, '--depth', '2');
    const { code, report } = keyhound('git', c.dir);
    expect(code).toBe(0);
    expect(report.summary.complete).toBe(false);
    expect(report.warnings).toEqual([expect.objectContaining({ kind: 'shallow' })]);
  });

  test('not a repository exits 2 with a clear message', async () => {
    const dir = tempDir();
    for (const cmd of ['git', 'staged']) {
      const r = runCli([cmd, dir]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/not a git repository/);
    }
  });
});

describe('keyhound staged (CLI)', () => {
  test('a staged secret blocks; an unstaged one does not; lines point into the staged version', async () => {
    const r = GitRepo.init();
    r.commitFiles({ 'app.env': 'A=1\nB=2\n' }, 'init');
    const unstaged = creds();
    r.write('app.env', `A=1\nB=2\n${unstaged.ini}`);
    expect(keyhound('staged', r.dir).code).toBe(0);
    r.write('other.txt', 'x\n').add('other.txt');
    expect(keyhound('staged', r.dir).code).toBe(0);

    const staged = creds();
    r.write('app.env', `A=1\n${staged.ini}B=2\n`).add('app.env');
    r.write('app.env', `A=1\nB=2\n${unstaged.ini}`); // working tree differs again
    const { code, report } = keyhound('staged', r.dir);
    expect(code).toBe(1);
    expect(locsOf(report, unstaged.keyId)).toEqual([]);
    expect(locsOf(report, staged.keyId)[0]).toMatchObject({ path: 'app.env', line: 3, provenance: { kind: 'staged', path: 'app.env' } });
  });

  test('a secret already committed on an unchanged line does not block; --all-lines reports it', async () => {
    const r = GitRepo.init();
    const old = creds();
    r.commitFiles({ 'conf.ini': `# conf\n${old.ini}` }, 'init');
    r.write('conf.ini', `# conf v2\n${old.ini}`).add();
    expect(keyhound('staged', r.dir).code).toBe(0);
    expect(keyhound('staged', r.dir, '--all-lines').code).toBe(1);
  });
});
