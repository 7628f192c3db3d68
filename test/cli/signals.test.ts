// SIGTERM (CI cancellation, `timeout`, `docker stop`) stops a scan as SIGINT does: the partial
// report is written with complete: false, the exit code says which signal (143 / 130), the
// interrupted warning says what was being scanned, and no git child outlives keyhound.
// Signals go to a real child, sent once it is demonstrably at work.
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN } from '../helpers/cli.js';
import { bigHistory } from '../helpers/big-history.js';
import { cleanupRepos, tempDir, type GitRepo } from '../helpers/git-repo.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';
import { descendants, mentioning, type Proc } from '../helpers/procs.js';
import { startSilentServer } from '../helpers/sts-proxy.js';

jest.setTimeout(180_000);
afterAll(() => cleanupRepos());

interface Report {
  summary: { complete: boolean; warningsByKind: Record<string, number> };
  findings: Array<{ aws?: { account: string | null } }>;
  warnings: Array<{ kind: string; path: string; message: string }>;
}

function start(args: string[]): { child: ChildProcessWithoutNullStreams; out: () => string; err: () => string; closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.on('error', () => {}); // EPIPE once it has exited
  // A CLI that ignored the signal would run on: stop it so the test fails instead of hanging.
  const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      r({ code, signal });
    }),
  );
  return { child, out: () => stdout, err: () => stderr, closed };
}

/** A git process reading blobs by id (not the object listing): keyhound is matching blobs. */
const readsBlobs = (p: Proc) => p.args[0]?.endsWith('git') === true && p.args.includes('cat-file') && p.args.some((a) => a === '--batch' || a === '--batch-command');

describe('a history scan stopped by a signal', () => {
  let repo: GitRepo;
  beforeAll(() => {
    // Big enough that matching takes seconds on a loaded machine; the signal goes earlier.
    repo = bigHistory({ commits: 4000, fileBytes: 4000 });
  });

  test.each<['SIGTERM' | 'SIGINT', '0' | '2', 130 | 143]>([
    ['SIGTERM', '2', 143],
    ['SIGTERM', '0', 143],
    ['SIGINT', '2', 130],
  ])('%s with --workers %s: exit %d, partial report naming the repository, no git child left', async (sig, workers, exit) => {
    const run = start(['git', repo.dir, '--format', 'json', '--workers', workers]);
    run.child.stdin.end();
    const seen = new Map<number, Proc>();
    let exitedEarly = false;
    void run.closed.then(() => (exitedEarly = true));
    // Wait until a blob reader runs (the walk has started and blobs are being matched).
    for (;;) {
      const kids = descendants(run.child.pid!);
      for (const k of kids) seen.set(k.pid, k);
      if (kids.some(readsBlobs)) break;
      if (exitedEarly) throw new Error(`keyhound ended before it was signalled: ${run.err()}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    run.child.kill(sig);
    const { code, signal } = await run.closed;
    expect({ code, signal }).toEqual({ code: exit, signal: null });
    expect(run.err()).toContain(`interrupted (${sig})`);
    const report = JSON.parse(run.out()) as Report;
    expect(report.summary.complete).toBe(false);
    const interrupted = report.warnings.filter((w) => w.kind === 'interrupted');
    expect(interrupted).toHaveLength(1);
    expect(interrupted[0]!.path).toBe(repo.dir);
    expect(interrupted[0]!.message).toMatch(new RegExp(`^scan interrupted while scanning the history of ${repo.dir} at (blob|commit) [0-9a-f]{12} \\(\\d+ blobs and messages scanned\\): results are partial$`));
    // Every git child keyhound had is gone (zombies excepted: they run nothing).
    expect([...seen.values()].some(readsBlobs)).toBe(true);
    expect(mentioning(repo.dir)).toEqual([]);
  });
});

test('SIGTERM on stdin that never ends: exit 143, the key read so far is reported, the warning names stdin', async () => {
  const { keyId, account } = fakeKeyId();
  const run = start(['scan', '-', '--format', 'json']);
  run.child.stdin.write(`AWS_ACCESS_KEY_ID=${keyId}\nAWS_SECRET_ACCESS_KEY=${fakeSecret()}\n`);
  // Past the pipe's buffer (64 kB) and the stream's: once this much has drained, keyhound has read
  // the key line — it is at work, and its signal handlers are in place (they precede the read).
  const filler = Buffer.alloc(64 * 1024, 'filler line without anything secret\n');
  for (let sent = 0; sent < 1024 * 1024; sent += filler.length) {
    if (!run.child.stdin.write(filler)) await new Promise((r) => run.child.stdin.once('drain', r));
  }
  run.child.kill('SIGTERM');
  const { code, signal } = await run.closed;
  expect({ code, signal }).toEqual({ code: 143, signal: null });
  const report = JSON.parse(run.out()) as Report;
  expect(report.summary.complete).toBe(false);
  expect(report.warnings).toEqual([
    { kind: 'interrupted', path: '(stdin)', message: expect.stringMatching(/^scan interrupted while reading stdin \(\d+ bytes read and scanned\): results are partial$/) },
  ]);
  expect(report.findings.map((f) => f.aws?.account)).toEqual([account]);
});

test('SIGTERM while --verify waits on STS: exit 143 at once, unverified keys are unknown: interrupted', async () => {
  const silent = await startSilentServer();
  try {
    const dir = tempDir('keyhound-signals-');
    const { keyId, account } = fakeKeyId();
    writeFileSync(join(dir, 'deploy.env'), `AWS_ACCESS_KEY_ID=${keyId}\nAWS_SECRET_ACCESS_KEY=${fakeSecret()}\n`);
    // A per-request timeout far beyond the test's: only the signal can end this run in time.
    const run = start(['scan', dir, '--format', 'json', '--verify', '--sts-endpoint', silent.url, '--verify-timeout', '600000']);
    run.child.stdin.end();
    while (silent.connections === 0) await new Promise((r) => setTimeout(r, 10));
    run.child.kill('SIGTERM');
    const { code, signal } = await run.closed;
    expect({ code, signal }).toEqual({ code: 143, signal: null });
    const report = JSON.parse(run.out()) as Omit<Report, 'findings'> & { findings: Array<{ aws?: { account: string | null }; verification?: unknown }> };
    expect(report.findings.map((f) => [f.aws?.account, f.verification])).toEqual([[account, { status: 'unknown', reason: 'interrupted' }]]);
    expect(report.summary.complete).toBe(false);
    expect(report.warnings).toEqual([
      { kind: 'interrupted', path: '(verification)', message: 'interrupted while verifying keys: 1 of 1 finding(s) not verified (unknown: interrupted)' },
    ]);
  } finally {
    await silent.close();
  }
});
