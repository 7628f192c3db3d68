// Progress on stderr: the pure line, the redraw/erase contract, and the real CLI under a
// pseudo-terminal (util-linux `script`), where it shows on stderr and never in piped stdout.
import { describe, expect, it, test } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { progressLine, progressText, progressWanted } from '../../src/cli/progress.js';
import type { ScanProgress } from '../../src/progress.js';
import { BIN, runCli, tempDir } from '../helpers/cli.js';
import { GitRepo } from '../helpers/git-repo.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';
import { closedPort } from '../helpers/sts-proxy.js';
import { zip } from '../helpers/archives.js';

const at = (p: Partial<ScanProgress>): ScanProgress => ({ phase: 'scanning', done: 0, bytes: 0, findings: 0, since: 0, ...p });

describe('progress line', () => {
  it('says phase, items, bytes, MB/s and findings; done/total and ETA when the total is known', () => {
    expect(progressText(at({ done: 1234, bytes: 50 * 1048576, findings: 2 }), 'history', 4000)).toBe(
      'keyhound: history · 1234 blobs · 50.0 MiB · 12.5 MB/s · 2 findings',
    );
    expect(progressText(at({ done: 7, bytes: 2048, findings: 1 }), 'walking', 1000)).toBe('keyhound: walking · 7 files · 2.00 KiB · 0.0 MB/s · 1 finding');
    expect(progressText(at({ phase: 'archives', done: 1, total: 4, bytes: 1048576 }), 'walking', 10_000)).toBe(
      'keyhound: archives · 1/4 archives · 1.00 MiB · 0.1 MB/s · 0 findings · ETA 30 s',
    );
    expect(progressText(at({ phase: 'verifying', done: 3, total: 10, findings: 10 }), 'walking', 90_000)).toBe(
      'keyhound: verifying · 3/10 keys · 10 findings · ETA 3 min 30 s',
    );
    expect(progressText(at({ done: 1 }), 'walking', 1000, 20)).toBe('keyhound: walking ·…');
  });

  it('is wanted only on a terminal, without --quiet, outside CI', () => {
    expect(progressWanted({ stderrTTY: true, env: {} })).toBe(true);
    expect(progressWanted({ stderrTTY: true, env: { CI: 'false' } })).toBe(true);
    expect(progressWanted({ stderrTTY: false, env: {} })).toBe(false);
    expect(progressWanted({ stderrTTY: true, quiet: true, env: {} })).toBe(false);
    expect(progressWanted({ stderrTTY: true, env: { CI: 'true' } })).toBe(false);
    expect(progressWanted({ stderrTTY: true, env: { CI: '1' } })).toBe(false);
  });

  it('draws at once, redraws in place, erases itself before other output and at the end', () => {
    const out: string[] = [];
    const bar = progressLine((s) => out.push(s), 'walking', () => 80);
    bar.clear(); // nothing drawn yet: nothing to erase
    expect(out).toEqual([]);
    bar.onProgress(() => at({ done: 3 }));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^\r\x1b\[2Kkeyhound: walking · 3 files · /);
    expect(out[0]).not.toContain('\n');
    bar.clear();
    expect(out[1]).toBe('\r\x1b[2K');
    bar.stop();
    expect(out).toHaveLength(2); // already erased
  });
});

/** Runs `cmd` under a pseudo-terminal with stdout redirected to a file: [terminal bytes, file]. */
function underPty(args: string[], env: NodeJS.ProcessEnv = {}): { tty: string; stdout: string; code: number | null } {
  const dir = tempDir('keyhound-pty-');
  const out = join(dir, 'stdout.txt');
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const cmd = `${[process.execPath, BIN, ...args].map(quote).join(' ')} > ${quote(out)}; echo "exit=$?"`;
  const { CI: _ci, ...rest } = process.env;
  const r = spawnSync('script', ['-qfec', cmd, '/dev/null'], { env: { ...rest, NO_COLOR: '1', ...env }, encoding: 'utf8', timeout: 60_000 });
  return { tty: r.stdout, stdout: readFileSync(out, 'utf8'), code: r.status };
}

describe('progress under a pseudo-terminal (spawned CLI)', () => {
  const repo = GitRepo.init();
  const { keyId } = fakeKeyId('AKIA');
  repo.commitFiles({ 'a.txt': 'hello\n' }, 'one');
  repo.commitFiles({ 'conf/creds.ini': `aws_access_key_id = ${keyId}\naws_secret_access_key = ${fakeSecret()}\n` }, 'two');

  it('git history: progress on the terminal\'s stderr, none in the piped report', () => {
    const r = underPty(['git', repo.dir]);
    expect(r.tty).toContain('exit=1');
    expect(r.tty).toMatch(/\r\x1b\[2Kkeyhound: history · \d+ blobs · [\d.]+ (B|KiB) · [\d.]+ MB\/s · [01] findings?/);
    expect(r.tty).toMatch(/\r\x1b\[2K(\r\n)?exit=1/); // erased before the shell prints again
    expect(r.stdout).toContain('CRITICAL aws-access-key-pair');
    expect(r.stdout).not.toMatch(/keyhound: history|MB\/s|\r|\x1b/);
  });

  it('each phase is shown: archives streamed, then keys verified', async () => {
    const dir = tempDir('keyhound-pty-phases-');
    const text = `aws_access_key_id = ${keyId}\naws_secret_access_key = ${fakeSecret()}\n`;
    writeFileSync(join(dir, 'bundle.zip'), zip([{ name: 'conf/app.env', data: text + 'x'.repeat(4096), method: 'store' }]));
    const port = await closedPort();
    const r = underPty(['scan', dir, '--max-file-size', '1KB', '--verify', '--sts-endpoint', `http://127.0.0.1:${port}`, '--verify-timeout', '2000']);
    expect(r.tty).toContain('exit=1');
    expect(r.tty).toContain('keyhound: walking · ');
    expect(r.tty).toMatch(/keyhound: archives · [01]\/1 archives · /);
    expect(r.tty).toMatch(/keyhound: verifying · [01]\/1 keys · 1 finding/);
    expect(r.stdout).not.toMatch(/keyhound: (walking|archives|verifying)|\r|\x1b/);
  });

  it('nothing with CI=true, and nothing when stderr is not a terminal', () => {
    const ci = underPty(['git', repo.dir], { CI: 'true' });
    expect(ci.tty).toContain('exit=1');
    expect(ci.tty).not.toContain('keyhound: history');
    expect(ci.tty).not.toContain('\x1b[2K');
    const piped = runCli(['git', repo.dir], { env: { CI: '' } });
    expect(piped.code).toBe(1);
    expect(piped.stderr).toBe('');
  });
});

test('script(1) is there', () => {
  expect(execFileSync('script', ['--version']).toString()).toContain('util-linux');
});
