// Ctrl-C stops cleanly: exit 130, and the JSON report of what was found so far is written
// with summary.complete false.
import { spawn } from 'node:child_process';
import { BIN } from '../helpers/cli.js';
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
