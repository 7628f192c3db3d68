// `keyhound git --recurse-submodules`, end to end through the real CLI: each submodule git
// cloned into the git dir is scanned whole (nested ones too), its places under its path in the
// superproject with the submodule's commit; one never initialised is a note; a hostile name
// in .gitmodules is refused; a range is refused.
import { afterAll, describe, expect, test } from '@jest/globals';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, locate } from '../../helpers/cli.js';
import { GitRepo, cleanupRepos, tempDir } from '../../helpers/git-repo.js';
import { fakeKeyId } from '../../helpers/keys.js';
import { collect } from './collect.js';
import { recursiveGitSource } from '../../../src/sources/git/recurse.js';
import { addSubmodule, configJs, library, superproject, type Key } from './submodule-fixture.js';

afterAll(cleanupRepos);

interface Place {
  path: string;
  line: number;
  column: number;
  provenance: Record<string, unknown>;
}
interface Report {
  summary: { complete: boolean; extra?: Record<string, number> };
  findings: Array<{ aws?: { keyId: string; account: string }; locations: Place[] }>;
  warnings: Array<{ kind: string; path: string; message: string }>;
}

function scan(dir: string, ...flags: string[]): { code: number | null; report: Report; stderr: string } {
  const run = runCli(['git', dir, '--show-secrets', '--format', 'json', ...flags]);
  return { code: run.code, report: JSON.parse(run.stdout || '{}') as Report, stderr: run.stderr };
}

/** The places of the one finding of `k`, its account checked. */
function placesOf(report: Report, k: Key): Place[] {
  const found = report.findings.filter((f) => f.aws?.keyId === k.keyId);
  expect(found).toHaveLength(1);
  expect(found[0]!.aws!.account).toBe(k.account);
  return found[0]!.locations;
}

const lib = library();
const sup = superproject(lib);

describe('--recurse-submodules', () => {
  test('a submodule cloned in the git dir: its whole history, at <subpath>/<file>, with its commit', () => {
    const { code, report } = scan(sup.dir, '--recurse-submodules');
    expect(code).toBe(1);
    expect(placesOf(report, lib.current)).toEqual([
      expect.objectContaining({
        path: 'vendor/lib/config.js',
        ...locate(lib.config, lib.current.keyId),
        provenance: expect.objectContaining({ kind: 'git', commit: lib.second, path: 'vendor/lib/config.js', submodule: 'vendor/lib' }),
      }),
    ]);
    // Removed since: still in the submodule's history.
    expect(placesOf(report, lib.removed)).toEqual([
      expect.objectContaining({ path: 'vendor/lib/old.env', line: 1, column: 19, provenance: expect.objectContaining({ commit: lib.first, submodule: 'vendor/lib' }) }),
    ]);
    // A submodule's commit message is named under its path too.
    expect(placesOf(report, lib.inMessage)).toEqual([
      expect.objectContaining({
        path: `vendor/lib/(commit message ${lib.second.slice(0, 12)})`,
        line: 3,
        column: 21,
        provenance: expect.objectContaining({ kind: 'git-message', commit: lib.second, submodule: 'vendor/lib' }),
      }),
    ]);
    // Scanned, so no note; counted.
    expect(report.warnings).toEqual([]);
    expect(report.summary).toMatchObject({ complete: true, extra: expect.objectContaining({ submodules: 2, submodulesScanned: 2 }) });
  });

  test('in SARIF the path in the superproject, the submodule a property; the text summary counts them', () => {
    const sarif = JSON.parse(runCli(['git', sup.dir, '--recurse-submodules', '--format', 'sarif']).stdout) as {
      runs: Array<{ results: Array<{ locations: Array<{ physicalLocation?: { artifactLocation: { uri: string } }; properties?: Record<string, string> }> }> }>;
    };
    const places = sarif.runs[0]!.results.flatMap((r) => r.locations).map((l) => [l.physicalLocation?.artifactLocation.uri, l.properties?.submodule]);
    expect(places).toContainEqual(['vendor/lib/config.js', 'vendor/lib']);
    expect(places).toContainEqual(['vendor/lib/deps/inner/secret.txt', 'vendor/lib/deps/inner']);
    expect(runCli(['git', sup.dir, '--recurse-submodules']).stdout).toMatch(/ in the superproject and 2 submodules\n/);
  });

  test('a nested submodule (depth 2): the full path in the superproject', () => {
    const { report } = scan(sup.dir, '--recurse-submodules');
    expect(placesOf(report, lib.inner)).toEqual([
      expect.objectContaining({
        path: 'vendor/lib/deps/inner/secret.txt',
        line: 1,
        column: 5,
        provenance: expect.objectContaining({ commit: lib.innerCommit, submodule: 'vendor/lib/deps/inner' }),
      }),
    ]);
  });

  test('without the flag: exit 0 and a note that says the flag would scan it', () => {
    const { code, report } = scan(sup.dir);
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.warnings).toEqual([
      {
        kind: 'submodule',
        path: 'vendor/lib',
        message: `not followed: vendor/lib/ → ${lib.url} (submodule commit ${lib.second.slice(0, 12)}); it is another repository: scan it on its own or with --recurse-submodules (it is cloned in the git dir)`,
      },
    ]);
  });

  test('a submodule never initialised: a note that it was not scanned, and why', () => {
    const clone = GitRepo.clone(sup);
    const { code, report } = scan(clone.dir, '--recurse-submodules');
    expect(code).toBe(0);
    expect(report.warnings).toEqual([
      { kind: 'submodule', path: 'vendor/lib', message: `not scanned: vendor/lib/ → ${lib.url} (submodule commit ${lib.second.slice(0, 12)}): not initialised (git submodule update --init)` },
    ]);
    expect(report.summary.complete).toBe(true);
  });

  test('not with --since or --range: a range names the superproject’s commits (exit 2)', () => {
    const since = runCli(['git', sup.dir, '--recurse-submodules', '--since', 'HEAD~1']);
    expect(since.code).toBe(2);
    expect(since.stderr).toContain('--recurse-submodules scans each submodule');
    expect(since.stderr).toContain('cannot be combined with --since');
    expect(runCli(['git', sup.dir, '--recurse-submodules', '--range', 'HEAD~1..HEAD']).code).toBe(2);
  });

  test('baseline --git --recurse-submodules covers what git --recurse-submodules finds; without it, the submodules are not in the baseline', () => {
    const full = scan(sup.dir, '--recurse-submodules');
    expect(full.report.findings.length).toBeGreaterThanOrEqual(4);
    const without = join(tempDir(), 'superproject-only.json');
    expect(runCli(['baseline', sup.dir, '--git', '--output', without]).code).toBe(0);
    expect(scan(sup.dir, '--recurse-submodules', '--baseline', without).code).toBe(1);
    const withSubs = join(tempDir(), 'with-submodules.json');
    expect(runCli(['baseline', sup.dir, '--git', '--recurse-submodules', '--output', withSubs]).code).toBe(0);
    const rescan = runCli(['git', sup.dir, '--recurse-submodules', '--baseline', withSubs, '--format', 'json']);
    expect(rescan.code).toBe(0);
    const report = JSON.parse(rescan.stdout) as Report & { summary: { suppressed: number } };
    expect(report.findings).toEqual([]);
    expect(report.summary.suppressed).toBe(full.report.findings.length);
    const misuse = runCli(['baseline', sup.dir, '--recurse-submodules', '--output', join(tempDir(), 'x.json')]);
    expect([misuse.code, misuse.stderr.split('\n')[0]]).toEqual([2, 'keyhound: baseline: --recurse-submodules needs --git']);
  });

  test('beyond the depth limit: a depth-limit warning, the deeper history not scanned', async () => {
    const got = await collect(recursiveGitSource({ repo: sup.dir, maxFileBytes: 1 << 20 }, 1));
    expect(got.warnings).toEqual([expect.objectContaining({ kind: 'depth-limit', path: 'vendor/lib/deps/inner', message: expect.stringContaining('nested deeper than 1 submodules') })]);
    expect(got.containing(lib.inner.keyId)).toEqual([]);
    expect(got.containing(lib.current.keyId).map((c) => c.provenance)).toEqual([[expect.objectContaining({ path: 'vendor/lib/config.js' })]]);
  });
});

describe('the same content in the superproject and its submodules', () => {
  test('every place is listed: the superproject’s file, the submodule’s, an old-style clone’s', () => {
    const s = GitRepo.init();
    s.commitFiles({ 'shared/config.js': lib.config }, 'vendored a copy');
    addSubmodule(s, lib.url, 'vendor/lib');
    // Old-style: the repository in the work tree (`<path>/.git` a directory), as git < 1.7.8 cloned.
    s.git('-c', 'protocol.file.allow=always', 'clone', '-q', lib.url, join(s.dir, 'legacy/lib'));
    addSubmodule(s, lib.url, 'legacy/lib');
    s.commit('two copies');
    const { code, report } = scan(s.dir, '--recurse-submodules');
    expect(code).toBe(1);
    const at = locate(lib.config, lib.current.keyId);
    expect(placesOf(report, lib.current).map((p) => ({ path: p.path, line: p.line, column: p.column, submodule: p.provenance.submodule }))).toEqual([
      { path: 'legacy/lib/config.js', ...at, submodule: 'legacy/lib' },
      { path: 'shared/config.js', ...at, submodule: undefined },
      { path: 'vendor/lib/config.js', ...at, submodule: 'vendor/lib' },
    ]);
  });
});

describe('hostile submodule names', () => {
  test("a name with '..' and a clone that resolves outside modules/ are refused, nothing there read", () => {
    // A repository with a key where the names would lead: beside the superproject.
    const base = tempDir();
    mkdirSync(join(base, 'outside'));
    mkdirSync(join(base, 'super'));
    const outside = GitRepo.init({ dir: join(base, 'outside') });
    const key = fakeKeyId();
    outside.commitFiles({ 'config.js': configJs(key) }, 'outside');
    const s = GitRepo.init({ dir: join(base, 'super') });
    s.commitFiles({ 'README.md': 'hi\n' }, 'init');
    // `.git/modules/../../../outside` is the repository above; `.git/modules/lnk` a symlink to it.
    gitlink(s, '../../../outside', 'evil', outside.head());
    gitlink(s, 'lnk', 'lnk', outside.head());
    mkdirSync(join(s.gitDir(), 'modules'));
    symlinkSync(join(outside.dir, '.git'), join(s.gitDir(), 'modules', 'lnk'));
    // Not commit(): its `add -A` would stage the gitlinks' missing work trees as deletions.
    s.git('add', '.gitmodules');
    s.gitAt(undefined, 'commit', '-q', '-m', 'hostile');
    const { code, report } = scan(s.dir, '--recurse-submodules');
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.warnings).toEqual([
      { kind: 'other', path: 'evil', message: expect.stringContaining("its name in .gitmodules, '../../../outside', leads out of the git dir's modules/ (git refuses such names, CVE-2018-11235)") },
      { kind: 'other', path: 'lnk', message: expect.stringContaining('its clone .git/modules/lnk resolves outside .git/modules') },
    ]);
    expect(report.summary.extra).not.toHaveProperty('submodulesScanned');
  });
});

/** A gitlink at `path` to `commit`, named `name` in .gitmodules (no clone made). */
function gitlink(r: GitRepo, name: string, path: string, commit: string): void {
  r.git('update-index', '--add', '--cacheinfo', `160000,${commit},${path}`);
  r.git('config', '--file', `${r.dir}/.gitmodules`, `submodule.${name}.path`, path);
  r.git('config', '--file', `${r.dir}/.gitmodules`, `submodule.${name}.url`, `https://example.com/${path}.git`);
}
