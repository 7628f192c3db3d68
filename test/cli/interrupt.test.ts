// Ctrl-C stops cleanly: exit 130, and the JSON report of what was found so far is written
// with summary.complete false.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, tempDir } from '../helpers/cli.js';
import { fakeKeyId } from '../helpers/keys.js';

it('SIGINT writes a partial JSON report with complete: false and exits 130', async () => {
  const { keyId, account } = fakeKeyId();
  const child = spawn(process.execPath, [BIN, 'scan', '-', '--format', 'json'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  // stdin stays open: the scan can only end through the signal.
  child.stdin.write(`deploy key ${keyId}\n`);
  // Not a fixed sleep (a loaded machine may not have installed the handler yet): once 1 MB
  // has drained through the 64 kB pipe, keyhound has read the key line and is trapping signals.
  const filler = Buffer.alloc(64 * 1024, 'filler line without anything secret\n');
  for (let sent = 0; sent < 1024 * 1024; sent += filler.length) {
    if (!child.stdin.write(filler)) await new Promise((r) => child.stdin.once('drain', r));
  }
  child.kill('SIGINT');
  const code = await new Promise<number | null>((r) => child.on('close', r));
  expect(code).toBe(130);
  expect(stderr).toContain('interrupted');
  const report = JSON.parse(stdout);
  expect(report.summary.complete).toBe(false);
  expect(report.warnings).toEqual([expect.objectContaining({ kind: 'interrupted' })]);
  expect(report.findings).toHaveLength(1);
  expect(report.findings[0].aws.account).toBe(account);
});

// A user rule that slips past the load-time check and backtracks for ever on a 3 MB line
// (small enough that, before, it matched on the main thread, which then never heard Ctrl-C;
// its budget on this text is 8 s).
it.each([[[]], [['--workers', '0']]])('SIGINT during a catastrophic user-rule regex call stops the scan at once: exit 130, partial report (%j)', async (extra) => {
  const dir = tempDir('keyhound-int-');
  const rules = join(dir, 'slow.yaml');
  writeFileSync(rules, "rules:\n  - id: slow-rule\n    name: Slow\n    description: Backtracks.\n    severity: low\n    keywords: [aaa]\n    pattern: '(?<secret>(a|aa)+$)'\n    reach: {before: 65536, after: 65536}\n    examples: ['aaab']\n");
  writeFileSync(join(dir, 'line.txt'), `${'a'.repeat(3 * 1024 * 1024)}b\n`);
  const child = spawn(process.execPath, [BIN, 'scan', join(dir, 'line.txt'), '--rules', rules, '--format', 'json', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const closed = new Promise<number | null>((r) => child.on('close', r));
  // Not a fixed delay: on a busy machine the CLI may not have its SIGINT handler yet after
  // 1 s. A thread other than the main one with 0.3 s of CPU is the worker inside the regex
  // call (the pool starts after the handler is installed).
  await until(() => busiestOtherThreadCpuMs(child.pid!) >= 300, 60_000);
  const sent = Date.now();
  child.kill('SIGINT');
  // Generous for a busy machine; unbounded, the call would never end.
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([closed, new Promise<'hung'>((r) => (timer = setTimeout(() => r('hung'), 15_000)))]);
  clearTimeout(timer);
  if (code === 'hung') child.kill('SIGKILL');
  expect(code).toBe(130);
  expect(Date.now() - sent).toBeLessThan(15_000);
  expect(stderr).toContain('interrupted');
  const report = JSON.parse(stdout);
  expect(report.summary.complete).toBe(false);
  expect(report.warnings).toEqual([expect.objectContaining({ kind: 'interrupted' })]);
  expect(report.findings).toEqual([]);
});

/** CPU time (user + system, ms) of the busiest thread of `pid` other than its main thread (Linux /proc). */
function busiestOtherThreadCpuMs(pid: number): number {
  let most = 0;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      if (tid === String(pid)) continue;
      // Fields after the ')' that ends the command name: utime and stime are the 12th and 13th.
      const f = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      most = Math.max(most, ((Number(f[11]) + Number(f[12])) * 1000) / 100);
    }
  } catch {
    // the process or a thread ended meanwhile
  }
  return most;
}

async function until(ok: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
