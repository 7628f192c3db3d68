// Artifacts through the CLI: archives found in a directory scan and inside git history,
// with `outer!inner` provenance in JSON and the outer file as the SARIF location.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zip, tarball, gzip, dockerSave } from '../helpers/archives.js';
import { GitRepo, cleanupRepos } from '../helpers/git-repo.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';

interface Loc { path: string; line: number; column: number; provenance: { kind: string; outer?: { kind: string; commit?: string; path?: string }; inner?: string } }

function envFile(keyId: string, secret: string): string {
  return `# app settings\nAWS_ACCESS_KEY_ID=${keyId}\nAWS_SECRET_ACCESS_KEY=${secret}\n`;
}

describe('archives in a directory scan', () => {
  it('finds keys in a jar inside a zip, a tar.gz and a docker image, with nested provenance', async () => {
    const d = tempDir();
    const a = { ...fakeKeyId(), secret: fakeSecret() };
    const b = { ...fakeKeyId(), secret: fakeSecret() };
    const c = { ...fakeKeyId(), secret: fakeSecret() };
    const jar = zip([{ name: 'BOOT-INF/classes/application.properties', data: `spring.x=1\naws.accessKeyId=${a.keyId}\naws.secretKey=${a.secret}\n` }]);
    writeFileSync(join(d, 'release.zip'), zip([{ name: 'README.txt', data: 'hello' }, { name: 'lib/app.jar', data: jar }]));
    writeFileSync(join(d, 'backup.tgz'), gzip(await tarball([{ name: 'home/x/.aws/credentials', data: `[default]\naws_access_key_id = ${b.keyId}\naws_secret_access_key = ${b.secret}\n` }])));
    const image = await dockerSave('shop/api:1.4', [{ files: [{ name: 'app/.env', data: envFile(c.keyId, c.secret) }] }]);
    writeFileSync(join(d, 'image.tar'), image.tar);

    const r = runCli(['scan', d, '--format', 'json', '--show-secrets']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; aws: { keyId: string }; locations: Loc[] }> };
    const at = (keyId: string) => report.findings.find((f) => f.aws?.keyId === keyId)!.locations[0];
    expect(at(a.keyId)).toMatchObject({ path: `${join(d, 'release.zip')}!lib/app.jar!BOOT-INF/classes/application.properties`, line: 2, column: 17 });
    expect(at(b.keyId)).toMatchObject({ path: `${join(d, 'backup.tgz')}!home/x/.aws/credentials`, line: 2, column: 21 });
    expect(at(c.keyId).path).toMatch(new RegExp(`^${join(d, 'image.tar').replace(/[.]/g, '\\.')}!shop/api:1\\.4@layer-[0-9a-f]{12}!app/\\.env$`));
    expect(at(c.keyId)).toMatchObject({ line: 2, column: 19 });
    expect(report.findings.every((f) => f.ruleId === 'aws-access-key-pair')).toBe(true);

    const sarif = JSON.parse(runCli(['scan', d, '--format', 'sarif']).stdout);
    const uris = sarif.runs[0].results.map((x: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => x.locations[0].physicalLocation.artifactLocation.uri);
    for (const u of uris) expect(u).not.toContain('!');
  });

  it('a zip bomb stops at the ratio limit with a warning and the rest of the scan completes', () => {
    const d = tempDir();
    const { keyId } = fakeKeyId();
    writeFileSync(join(d, 'bomb.zip'), zip([{ name: 'zeros.bin', data: new Uint8Array(20 * 1024 * 1024) }, { name: 'ok.txt', data: `k=${keyId}\n` }]));
    writeFileSync(join(d, 'plain.txt'), `also ${fakeKeyId().keyId}\n`);
    const r = runCli(['scan', d, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.findings).toHaveLength(2);
    expect(report.warnings).toEqual([expect.objectContaining({ kind: 'archive-limit', path: expect.stringContaining('bomb.zip!zeros.bin') })]);
    expect(report.summary.complete).toBe(false);
  });
});

describe('archives in git history', () => {
  it('keyhound git finds a key inside a committed zip with commit + path!inner provenance', () => {
    const repo = GitRepo.init();
    const k = { ...fakeKeyId(), secret: fakeSecret() };
    repo.commitFiles({ 'README.md': '# app\n' }, 'init');
    repo.write('dist/release.zip', zip([{ name: 'config/.env', data: envFile(k.keyId, k.secret) }]));
    const sha = repo.commit('add release build');
    const r = runCli(['git', repo.dir, '--format', 'json', '--show-secrets']);
    expect(r.code).toBe(1);
    const f = JSON.parse(r.stdout).findings.find((x: { aws?: { keyId: string } }) => x.aws?.keyId === k.keyId);
    expect(f.locations[0]).toMatchObject({ path: 'dist/release.zip!config/.env', line: 2, column: 19 });
    expect(f.locations[0].provenance).toMatchObject({ kind: 'archive', inner: 'config/.env', outer: { kind: 'git', commit: sha, path: 'dist/release.zip' } });
  });
});

// Issue #11's acceptance case: a jar committed to git is located as `app.jar!inner/path`, with
// the commit of each place it was committed at, whether the blob is read whole or (over the
// 16 MB at which blobs are streamed, decode/limits.ts STREAM_OVER) as a stream, on the main
// thread or in workers. Provenance never reaches a worker: it is joined on the main thread.
describe('a jar committed to git at two paths', () => {
  // The repository of the large case holds 34 MB of blobs.
  afterAll(() => cleanupRepos());
  const member = 'inner/path/config.properties';
  describe.each([
    { size: 'small', padding: 0 },
    { size: 'over the stream size', padding: 17 * 1024 * 1024 },
  ])('$size', ({ padding }) => {
    const k = { ...fakeKeyId(), secret: fakeSecret() };
    const props = `# build\napp.name=demo\naws.accessKeyId=${k.keyId}\naws.secretKey=${k.secret}\n`;
    // Stored zeros: the blob is as big as its padding, and the member comes after it.
    const entries = [...(padding ? [{ name: 'lib/padding.bin', data: new Uint8Array(padding), method: 'store' as const }] : []), { name: member, data: props }];
    let repo: GitRepo;
    let first: string;
    let second: string;
    beforeAll(() => {
      repo = GitRepo.init();
      repo.commitFiles({ 'README.md': '# app\n' }, 'init');
      repo.write('app.jar', zip(entries));
      first = repo.commit('add the build');
      repo.write('dist/app.jar', zip(entries));
      second = repo.commit('copy the build to dist');
    });
    const line = 3;
    const column = 'aws.accessKeyId='.length + 1;

    it.each([{ workers: '0' }, { workers: '2' }])('is located at app.jar!… and dist/app.jar!… with each commit (--workers $workers)', ({ workers }) => {
      const r = runCli(['git', repo.dir, '--format', 'json', '--show-secrets', '--workers', workers]);
      expect(r.code).toBe(1);
      const report = JSON.parse(r.stdout);
      expect(report.summary.complete).toBe(true);
      const f = report.findings.find((x: { aws?: { keyId: string } }) => x.aws?.keyId === k.keyId);
      expect(f.locations.map((l: Loc) => [l.path, l.line, l.column, l.provenance.kind, l.provenance.inner, l.provenance.outer?.kind, l.provenance.outer?.path, l.provenance.outer?.commit])).toEqual([
        [`app.jar!${member}`, line, column, 'archive', member, 'git', 'app.jar', first],
        [`dist/app.jar!${member}`, line, column, 'archive', member, 'git', 'dist/app.jar', second],
      ]);
    });
  });
});
