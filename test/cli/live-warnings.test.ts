// Warnings on stderr, as a user sees them: one line each for the first ten, then the counts;
// -v for each in full. Spawned CLI on real files and a real repository with a missing blob.
import { describe, expect, it } from '@jest/globals';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { runCli, tempDir } from '../helpers/cli.js';
import { GitRepo } from '../helpers/git-repo.js';

const warningLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('keyhound: warning: '));

describe('live warnings on stderr', () => {
  const dir = tempDir('keyhound-live-');
  for (let i = 0; i < 15; i++) writeFileSync(join(dir, `big${String(i).padStart(2, '0')}.bin`), randomBytes(2000));

  it('shows the first ten, one line each, then one line of counts; the report groups them', () => {
    const r = runCli(['scan', dir, '--max-file-size', '1KB']);
    expect(r.code).toBe(0);
    const lines = warningLines(r.stderr);
    expect(lines).toHaveLength(10);
    // Which ten come first is the walk's and the workers' order: each is one exact line.
    const shown = lines.map((l) => /big(\d\d)\.bin/.exec(l)![0]);
    expect(new Set(shown).size).toBe(10);
    expect(lines).toEqual(shown.map((f) => `keyhound: warning: size-cap: ${join(dir, f)}: not scanned: 2000 bytes is over the 1024-byte limit (--max-file-size)`));
    expect(r.stderr).toContain('keyhound: scan incomplete: 15 warnings (size-cap 15); 5 not shown here (-v shows each); every one is in the report\n');
    const p = join(dir, 'big').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(r.stdout).toMatch(new RegExp(`\nWarnings\n  size-cap ×15: ${p}\\d\\d\\.bin, ${p}\\d\\d\\.bin, ${p}\\d\\d\\.bin, …\n`));
    const json = JSON.parse(runCli(['scan', dir, '--max-file-size', '1KB', '--format', 'json']).stdout);
    expect(json.warnings).toHaveLength(15);
  });

  it('-v prints every warning live and lists each in the report', () => {
    const r = runCli(['scan', dir, '--max-file-size', '1KB', '-v']);
    expect(r.code).toBe(0);
    expect(warningLines(r.stderr)).toHaveLength(15);
    expect(r.stderr).toContain('keyhound: scan incomplete: 15 warnings (size-cap 15); every one is in the report\n');
    expect(r.stdout).toContain(`\n  [size-cap] ${join(dir, 'big14.bin')}: not scanned: 2000 bytes`);
  });

  it('a missing git blob is one short line, its id and path said once', () => {
    const repo = GitRepo.init();
    repo.commitFiles({ 'a.txt': 'hello\n', 'conf/b.txt': 'world\n' }, 'one');
    const blob = repo.git('rev-parse', 'HEAD:conf/b.txt').trim();
    rmSync(join(repo.dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2)));
    const r = runCli(['git', repo.dir]);
    expect(r.code).toBe(0);
    const lines = warningLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^keyhound: warning: missing-object: conf/b\\.txt \\(blob ${blob.slice(0, 12)}\\): [^\\n]*not scanned$`));
    expect(lines[0]!.split(blob.slice(0, 12))).toHaveLength(2);
    expect(lines[0]!.split('conf/b.txt')).toHaveLength(2);
    expect(r.stderr).toContain('keyhound: scan incomplete: 1 warning (missing-object 1); every one is in the report\n');
    expect(r.stdout).toMatch(/\n  scanned +1 blob, 1 commit message/);
  });
});
