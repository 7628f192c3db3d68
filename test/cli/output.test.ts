// --output FILE: checked before the scan starts (exit 2 at once, nothing created), written
// atomically (temp file in the same directory, then renamed over FILE) with mode 0600, and
// still written, whole, when the scan is interrupted.
import { afterAll, describe, expect, jest, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, runCli, tempDir } from '../helpers/cli.js';
import { cleanupRepos } from '../helpers/git-repo.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';

jest.setTimeout(120_000);
afterAll(() => cleanupRepos());

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * `keyhound scan -` on a stdin that stays open: the scan itself can never finish, so an exit
 * proves the CLI stopped before scanning. `feed` runs once the child is up (e.g. to signal it).
 */
function scanOpenStdin(args: string[], opts: { uid?: number; feed?: (child: ReturnType<typeof spawn>) => Promise<void> } = {}): Promise<Run> {
  const child = spawn(process.execPath, [BIN, 'scan', '-', ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
    ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.uid } : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.on('error', () => {});
  // A CLI that went on to scan would wait for stdin for ever: stop it so the test fails, not hangs.
  const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const done = new Promise<Run>((r) =>
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      r({ code, signal, stdout, stderr });
    }),
  );
  void opts.feed?.(child);
  return done;
}

/** A project with one key pair in it. */
function project(): { dir: string; account: string } {
  const dir = tempDir('keyhound-output-');
  const { keyId, account } = fakeKeyId();
  writeFileSync(join(dir, 'deploy.env'), `AWS_ACCESS_KEY_ID=${keyId}\nAWS_SECRET_ACCESS_KEY=${fakeSecret()}\n`);
  return { dir, account };
}

describe('a bad --output fails before the scan starts', () => {
  test('a directory that does not exist: exit 2 naming it, while stdin is still open', async () => {
    const base = tempDir('keyhound-output-');
    const r = await scanOpenStdin(['--output', join(base, 'reprots', 'report.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--output ${join(base, 'reprots', 'report.json')}: directory ${join(base, 'reprots')} does not exist`);
    expect(r.stdout).toBe('');
    expect(readdirSync(base)).toEqual([]);
  });

  test('FILE is a directory: exit 2, and nothing (no temp file) is left in it', async () => {
    const dir = tempDir('keyhound-output-');
    const r = await scanOpenStdin(['--output', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--output ${dir}: is a directory`);
    expect(readdirSync(dir)).toEqual([]);
  });

  test('the parent is a file: exit 2', async () => {
    const { dir } = project();
    const r = await scanOpenStdin(['--output', join(dir, 'deploy.env', 'report.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'deploy.env')} is not a directory`);
    expect(readdirSync(dir)).toEqual(['deploy.env']);
  });

  // Needs another user to be denied: root may write anywhere, so the child runs as nobody.
  (process.getuid?.() === 0 ? test : test.skip)('a directory the user cannot write: exit 2', async () => {
    const dir = tempDir('keyhound-output-');
    chmodSync(dir, 0o755);
    const r = await scanOpenStdin(['--output', join(dir, 'report.json')], { uid: 65534 });
    expect(r.stderr).toContain(`--output ${join(dir, 'report.json')}: directory ${dir} is not writable`);
    expect(r.code).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('the report file', () => {
  test('mode 0600, renamed into place over an older report (a new inode), no temp file left', () => {
    const { dir, account } = project();
    const out = join(dir, 'reports');
    mkdirSync(out);
    const file = join(out, 'keyhound.json');
    writeFileSync(file, 'an older report\n', { mode: 0o644 });
    const before = statSync(file);
    const r = runCli(['scan', join(dir, 'deploy.env'), '--format', 'json', '--output', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const after = statSync(file);
    expect(after.mode & 0o777).toBe(0o600);
    expect(after.ino).not.toBe(before.ino);
    const report = JSON.parse(readFileSync(file, 'utf8'));
    expect(report.summary.complete).toBe(true);
    expect(report.findings.map((f: { aws?: { account: string } }) => f.aws?.account)).toEqual([account]);
    expect(readdirSync(out)).toEqual(['keyhound.json']);
  });

  test('a new file is created 0600 too', () => {
    const { dir } = project();
    const file = join(dir, 'report.sarif');
    expect(runCli(['scan', join(dir, 'deploy.env'), '--format', 'sarif', '-o', file]).code).toBe(1);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).runs).toHaveLength(1);
    expect(readdirSync(dir).sort()).toEqual(['deploy.env', 'report.sarif']);
  });

  test('a symlink: the file it names is replaced, the link stays', () => {
    const { dir } = project();
    const real = join(dir, 'real.json');
    writeFileSync(real, '{}');
    const link = join(dir, 'link.json');
    symlinkSync(real, link);
    expect(runCli(['scan', join(dir, 'deploy.env'), '--format', 'json', '--output', link]).code).toBe(1);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(real);
    expect(JSON.parse(readFileSync(real, 'utf8')).summary.findings).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['deploy.env', 'link.json', 'real.json']);
  });

  test('a device (/dev/null) is written in place, not replaced', () => {
    const { dir } = project();
    const r = runCli(['scan', join(dir, 'deploy.env'), '--format', 'json', '--output', '/dev/null']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  test('interrupted (SIGTERM): the partial report is still written to FILE, whole, 0600, exit 143', async () => {
    const { keyId, account } = fakeKeyId();
    const dir = tempDir('keyhound-output-');
    const file = join(dir, 'partial.json');
    const r = await scanOpenStdin(['--format', 'json', '--output', file], {
      feed: async (child) => {
        child.stdin!.write(`AWS_ACCESS_KEY_ID=${keyId}\n`);
        // 1 MB drained through the 64 kB pipe: keyhound has read the key and traps signals.
        const filler = Buffer.alloc(64 * 1024, 'nothing to see here\n');
        for (let sent = 0; sent < 1024 * 1024; sent += filler.length) {
          if (!child.stdin!.write(filler)) await new Promise((res) => child.stdin!.once('drain', res));
        }
        child.kill('SIGTERM');
      },
    });
    expect({ code: r.code, signal: r.signal }).toEqual({ code: 143, signal: null });
    expect(r.stdout).toBe('');
    const report = JSON.parse(readFileSync(file, 'utf8'));
    expect(report.summary.complete).toBe(false);
    expect(report.findings.map((f: { aws?: { account: string } }) => f.aws?.account)).toEqual([account]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['partial.json']);
  });
});
