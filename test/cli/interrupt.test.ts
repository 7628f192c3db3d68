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
  await new Promise((r) => setTimeout(r, 1500));
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

// A user rule that slips past the load-time check and backtracks for ever on a 1 MB line
// (small enough that, before, it matched on the main thread, which then never heard Ctrl-C).
it.each([[[]], [['--workers', '0']]])('SIGINT during a catastrophic user-rule regex call stops the scan at once: exit 130, partial report (%j)', async (extra) => {
  const { tempDir } = await import('../helpers/cli.js');
  const { writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const dir = tempDir('keyhound-int-');
  const rules = join(dir, 'slow.yaml');
  writeFileSync(rules, "rules:\n  - id: slow-rule\n    name: Slow\n    description: Backtracks.\n    severity: low\n    keywords: [aaa]\n    pattern: '(?<secret>(a|aa)+$)'\n    examples: ['aaab']\n");
  writeFileSync(join(dir, 'line.txt'), `${'a'.repeat(1024 * 1024)}b\n`);
  const child = spawn(process.execPath, [BIN, 'scan', join(dir, 'line.txt'), '--rules', rules, '--format', 'json', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const closed = new Promise<number | null>((r) => child.on('close', r));
  await new Promise((r) => setTimeout(r, 1000));
  const sent = Date.now();
  child.kill('SIGINT');
  // Generous for a busy machine; the rule's own budget on this text is 4 s, and unbounded
  // the call would never end.
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
