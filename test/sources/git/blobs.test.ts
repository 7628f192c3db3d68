// A large git blob is read as a stream from `git cat-file` into the windowed path: found at its
// exact line, the child's peak RSS bounded. Fails on the main before blob streaming: a 200 MB
// blob was buffered whole, then copied into a latin1 and a UTF-8 string (about 900 MB RSS).
import { jest, expect, it } from '@jest/globals';
import { closeSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { GitRepo } from '../../helpers/git-repo.js';
import { FILLER, FILLER_LINES, spawnCli } from '../../helpers/big.js';
import { fakeKeyId, fakeSecret } from '../../helpers/keys.js';

jest.setTimeout(240_000);

it('a 200 MB blob: the pairs in its middle and at its end are found at their lines; peak RSS < 400 MB', async () => {
  const repo = GitRepo.init();
  repo.git('config', 'core.compression', '1');
  const pairs = [0, 1].map(() => ({ key: fakeKeyId().keyId, secret: fakeSecret(), line: 0 }));
  const fd = openSync(join(repo.dir, 'dump.sql'), 'w');
  let line = 1;
  for (let i = 0; i < 200; i++) {
    if (i === 100 || i === 199) {
      const p = pairs[i === 100 ? 0 : 1]!;
      p.line = line;
      writeSync(fd, `aws_access_key_id = ${p.key}\naws_secret_access_key = ${p.secret}\n`);
      line += 2;
    }
    writeSync(fd, FILLER);
    line += FILLER_LINES;
  }
  closeSync(fd);
  repo.add('dump.sql').commit('add a dump');
  const { done } = spawnCli(['git', repo.dir, '--format', 'json', '--show-secrets']);
  const r = await done;
  expect(r.code).toBe(1);
  const report = JSON.parse(r.stdout) as { summary: { complete: boolean }; findings: Array<{ secret: string; locations: Array<{ path: string; line: number; column: number }> }> };
  const got = report.findings.map((f) => [f.secret, f.locations.map((l) => [l.path, l.line, l.column])]).sort();
  expect(got).toEqual(pairs.map((p) => [`${p.key}:${p.secret}`, [['dump.sql', p.line, 21]]]).sort());
  expect(report.summary.complete).toBe(true);
  expect(r.peakKb).toBeGreaterThan(0);
  expect(r.peakKb).toBeLessThan(400 * 1024);
});

/** Peak RSS (kB) of every `git cat-file` reading blobs of `repo`, polled until `until` settles. */
async function catFilePeaks(repo: string, until: Promise<unknown>): Promise<number[]> {
  const peaks = new Map<string, number>();
  let done = false;
  void until.finally(() => (done = true));
  while (!done) {
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        if (!argv.includes(repo) || !argv.includes('cat-file') || argv.includes('--batch-all-objects')) continue;
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        if (m) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, Number(m[1])));
      } catch {
        // gone, or not ours to read
      }
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return [...peaks.values()];
}

it('a packed 96 MB blob is streamed by git too: found at its line, cat-file never holds the blob', async () => {
  const repo = GitRepo.init();
  repo.git('config', 'core.compression', '1');
  const key = fakeKeyId().keyId;
  const secret = fakeSecret();
  const fd = openSync(join(repo.dir, 'dump.sql'), 'w');
  for (let i = 0; i < 96; i++) writeSync(fd, FILLER);
  writeSync(fd, `aws_access_key_id = ${key}\naws_secret_access_key = ${secret}\n`);
  closeSync(fd);
  repo.add('dump.sql').commit('add a dump');
  // Packed, not loose: git streams a loose object anyway, a packed one only over core.bigFileThreshold.
  repo.git('repack', '-a', '-d', '-q');
  const { done } = spawnCli(['git', repo.dir, '--format', 'json', '--show-secrets']);
  const [peaks, r] = await Promise.all([catFilePeaks(repo.dir, done), done]);
  expect(r.code).toBe(1);
  const report = JSON.parse(r.stdout) as { findings: Array<{ secret: string; locations: Array<{ path: string; line: number; column: number }> }> };
  expect(report.findings.map((f) => [f.secret, f.locations.map((l) => [l.path, l.line, l.column])])).toEqual([[`${key}:${secret}`, [['dump.sql', 96 * FILLER_LINES + 1, 21]]]]);
  // Inflated whole first (git's default below 512 MB), the blob alone is 96 MB of git's RSS.
  expect(peaks.length).toBeGreaterThan(0);
  expect(Math.max(...peaks)).toBeLessThan(64 * 1024);
});
