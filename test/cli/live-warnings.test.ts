// Warnings on stderr, as a user sees them: one line each for the first ten, then the counts;
// -v for each in full. Spawned CLI on real files and a real repository with a missing blob.
import { describe, expect, it } from '@jest/globals';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { runCli, tempDir } from '../helpers/cli.js';
import { GitRepo } from '../helpers/git-repo.js';
import { liveWarnings, LIVE_WARNINGS } from '../../src/cli/live-warnings.js';
import { Engine } from '../../src/engine/detect.js';
import { loadRules } from '../../src/rules/load.js';
import type { ScanWarning } from '../../src/types.js';
import { pairFinding, result, summary } from '../report/fixtures.js';

const warningLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('keyhound: warning: '));

describe('live warnings on stderr (spawned CLI)', () => {
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

describe('live warnings (the lines)', () => {
  const ws: ScanWarning[] = Array.from({ length: 12 }, (_, i) => ({ kind: 'size-cap', path: `big${i}.bin`, message: 'over the cap' }));
  const engineOf = () => {
    throw new Error('no engine needed with --show-secrets');
  };
  const incomplete = result([], { warnings: ws, summary: summary({ findings: 0, warnings: 12, warningsByKind: { 'size-cap': 12 }, complete: false }) });

  it('--quiet: nothing live, one closing line only when incomplete', () => {
    const out: string[] = [];
    const live = liveWarnings({ showSecrets: true, quiet: true }, (l) => out.push(l), engineOf as never);
    for (const w of ws) live.onWarning(w, () => []);
    expect(out).toEqual([]);
    expect(live.finish(incomplete)).toEqual(['keyhound: scan incomplete: 12 warnings (size-cap 12)']);
    const complete = result([], { warnings: [{ kind: 'empty-input', path: '-', message: 'stdin was empty' }], summary: summary({ warnings: 1, warningsByKind: { 'empty-input': 1 } }) });
    expect(live.finish(complete)).toEqual([]);
  });

  it(`default: the first ${LIVE_WARNINGS}, then counts; verbose: each`, () => {
    const out: string[] = [];
    const live = liveWarnings({ showSecrets: true }, (l) => out.push(l), engineOf as never);
    for (const w of ws) live.onWarning(w, () => []);
    expect(out).toHaveLength(LIVE_WARNINGS);
    expect(out[0]).toBe('keyhound: warning: size-cap: big0.bin: over the cap');
    expect(live.finish(incomplete)).toEqual(['keyhound: scan incomplete: 12 warnings (size-cap 12); 2 not shown here (-v shows each); every one is in the report']);
    const all: string[] = [];
    const verbose = liveWarnings({ showSecrets: true, verbose: true }, (l) => all.push(l), engineOf as never);
    for (const w of ws) verbose.onWarning(w, () => []);
    expect(all).toHaveLength(12);
  });

  it('redacts a secret in a path before printing it', async () => {
    const engine = new Engine(await loadRules({}));
    const fx = pairFinding();
    const out: string[] = [];
    const live = liveWarnings({ showSecrets: false }, (l) => out.push(l), () => engine);
    live.onWarning({ kind: 'unreadable', path: `keys/${fx.keyId}.txt`, message: 'not scanned: EACCES' }, () => []);
    expect(out).toEqual([`keyhound: warning: unreadable: keys/AKIA…${fx.keyId.slice(-4)}.txt: not scanned: EACCES`]);
  });
});
