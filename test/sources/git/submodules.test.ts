// Submodules (gitlinks) are not followed: each is a note naming its path and url, in every
// format, counted, and the scan stays complete (the content is another repository's).
import { afterAll, describe, expect, test } from '@jest/globals';
import { runCli } from '../../helpers/cli.js';
import { GitRepo, cleanupRepos } from '../../helpers/git-repo.js';
import { unsafeName } from '../../../src/sources/git/submodules.js';

afterAll(cleanupRepos);

interface Report {
  summary: { complete: boolean; warnings: number; warningsByKind: Record<string, number>; extra?: Record<string, number> };
  warnings: Array<{ kind: string; path: string; message: string }>;
}

/** A gitlink at `path` to a made-up commit, and its .gitmodules entry. */
function addSubmodule(r: GitRepo, name: string, path: string, url: string): string {
  const commit = r.hashObject(`a commit of ${name}\n`); // any object id: git never reads it
  r.git('update-index', '--add', '--cacheinfo', `160000,${commit},${path}`);
  r.git('config', '--file', `${r.dir}/.gitmodules`, `submodule.${name}.path`, path);
  r.git('config', '--file', `${r.dir}/.gitmodules`, `submodule.${name}.url`, url);
  r.git('add', '.gitmodules');
  return commit;
}

const note = (path: string, url: string, commit: string) => ({
  kind: 'submodule',
  path,
  message: `not followed: ${path}/ → ${url} (submodule commit ${commit.slice(0, 12)}); it is another repository: scan it on its own`,
});

describe('submodules', () => {
  const r = GitRepo.init();
  r.commitFiles({ 'README.md': 'hi\n' }, 'init');
  const lib = addSubmodule(r, 'lib.v1', 'vendor/lib', 'https://example.com/lib.git');
  r.gitAt(undefined, 'commit', '-q', '-m', 'add lib');
  const tools = addSubmodule(r, 'tools', 'tools', '../tools.git');

  test('keyhound git: a note per submodule in history, complete, in json, text, sarif and github', () => {
    const json = runCli(['git', r.dir, '--format', 'json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as Report;
    expect(report.warnings).toEqual([note('vendor/lib', 'https://example.com/lib.git', lib)]);
    expect(report.summary).toMatchObject({ complete: true, warnings: 1, warningsByKind: { submodule: 1 }, extra: expect.objectContaining({ submodules: 1 }) });
    // --strict fails only on gaps, and a submodule is not one
    expect(runCli(['git', r.dir, '--strict']).code).toBe(0);
    const text = runCli(['git', r.dir, '--format', 'text']);
    expect(text.stdout).toContain(`[submodule] vendor/lib: not followed: vendor/lib/ → https://example.com/lib.git`);
    expect(text.stdout).not.toContain('INCOMPLETE');
    const sarif = JSON.parse(runCli(['git', r.dir, '--format', 'sarif']).stdout) as {
      runs: Array<{ invocations: Array<{ toolExecutionNotifications: Array<{ level: string; message: { text: string } }> }> }>;
    };
    expect(sarif.runs[0]!.invocations[0]!.toolExecutionNotifications).toEqual([
      expect.objectContaining({ level: 'note', message: { text: `submodule: ${note('vendor/lib', 'https://example.com/lib.git', lib).message}` } }),
    ]);
    expect(runCli(['git', r.dir, '--format', 'github']).stdout).toContain('::notice file=vendor/lib,title=keyhound submodule::not followed: vendor/lib/ →');
  });

  test('keyhound staged: the submodule this commit adds, its url from the staged .gitmodules', () => {
    const run = runCli(['staged', r.dir, '--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.warnings).toEqual([note('tools', '../tools.git', tools)]);
    expect(report.summary).toMatchObject({ complete: true, warningsByKind: { submodule: 1 } });
  });
});

describe('submodule names from .gitmodules', () => {
  test("refused as git refuses them: a '..' component (either slash), absolute, empty", () => {
    for (const bad of ['..', '../x', 'a/../b', 'a\\..\\b', 'a/..', '/etc', '\\share', 'C:\\x', '']) expect([bad, unsafeName(bad)]).toEqual([bad, true]);
    for (const ok of ['vendor/lib', 'lib.v1', '..foo', 'a..b', 'x/.../y']) expect([ok, unsafeName(ok)]).toEqual([ok, false]);
  });
});
