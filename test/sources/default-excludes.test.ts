// scan skips installed-dependency directories by default and says so (a note with the count
// and the flag); build outputs are always scanned; --no-default-excludes and the config's
// defaultExcludes: false turn it off; a dependency directory named on the command line is scanned.
import { afterAll, describe, expect, test } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeKeyId } from '../helpers/keys.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { cleanupRepos, GitRepo } from '../helpers/git-repo.js';
import { DEFAULT_EXCLUDED_DIRS } from '../../src/sources/default-excludes.js';

afterAll(cleanupRepos);

interface Report {
  summary: { complete: boolean; warningsByKind: Record<string, number>; extra?: Record<string, number> };
  findings: Array<{ locations: Array<{ path: string }> }>;
  warnings: Array<{ kind: string; path: string; message: string }>;
}

function project(): string {
  const dir = tempDir('keyhound-defex-');
  const repo = new GitRepo(dir);
  const k = () => `aws_access_key_id = ${fakeKeyId().keyId}\n`;
  for (const f of ['node_modules/pkg/index.js', 'web/node_modules/x/a.js', '.venv/lib/site.py', 'vendor/lib.go', 'dist/app.js', 'build/app.js.map', 'src/main.ts', 'vendors/mine.txt']) repo.write(f, k());
  return dir;
}

const paths = (r: Report) => r.findings.flatMap((f) => f.locations.map((l) => l.path)).sort();

describe('default excludes', () => {
  test('installed dependencies skipped, build outputs and look-alike names scanned, one note naming the count and the flag', () => {
    const dir = project();
    const r = runCli(['scan', '.', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(paths(report)).toEqual(['build/app.js.map', 'dist/app.js', 'src/main.ts', 'vendors/mine.txt']);
    const notes = report.warnings.filter((w) => w.kind === 'default-excluded');
    expect(notes).toHaveLength(1);
    expect(notes[0]!.message).toMatch(/^skipped 4 installed-dependency directories \(.+\/, .+\/, .+\/, … \(1 more\)\): --no-default-excludes to include$/);
    expect(report.summary.extra?.defaultExcluded).toBe(4);
    // A note: nothing of the project's own went unscanned.
    expect(report.summary.complete).toBe(true);
    expect(r.stderr).toContain('skipped 4 installed-dependency directories');
  });

  test('--no-default-excludes, or defaultExcludes: false in the config, scans them all, with no note', () => {
    const dir = project();
    for (const run of [['--no-default-excludes'], ['--config', join(dir, 'c.yaml')]]) {
      writeFileSync(join(dir, 'c.yaml'), 'defaultExcludes: false\n');
      const report = JSON.parse(runCli(['scan', '.', '--format', 'json', ...run], { cwd: dir }).stdout) as Report;
      expect(paths(report)).toHaveLength(8);
      expect(report.warnings.filter((w) => w.kind === 'default-excluded')).toEqual([]);
    }
  });

  test('a dependency directory named on the command line is scanned (its own nested ones are not)', () => {
    const dir = project();
    new GitRepo(dir).write('node_modules/pkg/node_modules/dep/x.js', `k = ${fakeKeyId().keyId}\n`);
    const report = JSON.parse(runCli(['scan', 'node_modules', '--format', 'json'], { cwd: dir }).stdout) as Report;
    expect(paths(report)).toEqual(['node_modules/pkg/index.js']);
    expect(report.warnings.map((w) => [w.kind, w.path])).toEqual([['default-excluded', 'node_modules/pkg/node_modules']]);
  });

  test('the list holds installers\' directories only, never build outputs', () => {
    for (const d of ['dist', 'build', 'out', 'target', '.env', '.terraform', '.bundle']) expect(DEFAULT_EXCLUDED_DIRS).not.toContain(d);
    expect(DEFAULT_EXCLUDED_DIRS).toEqual(expect.arrayContaining(['node_modules', 'vendor', '.venv', 'venv', 'bower_components', '.tox']));
  });
});
