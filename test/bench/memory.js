// Peak RSS of the CLI on large inputs: `node test/bench/memory.js [stdin-mb] [file-mb] [blob-mb]`
// (defaults 1024 300 300). Inputs are a 1 MiB text buffer repeated (no keyword) with one
// key-shaped line at the end, generated here; peak = the child's VmHWM, polled from /proc.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/keyhound.js', import.meta.url));
const [stdinMb = 1024, fileMb = 300, blobMb = 300] = process.argv.slice(2).map(Number);
const LINE = 'the quick brown fox jumps over the lazy dog 0123456789 lorem ip\n';
const BLOCK = Buffer.from(LINE.repeat(16384));
// Key-shaped only at run time (never committed): AKIA + 16 base32 chars.
const TAIL = `id = ${['AKIA', 'QX2MBZK7RD4LHNVW'].join('')}\n`;

function run(args, feed) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], { stdio: [feed ? 'pipe' : 'ignore', 'pipe', 'inherit'] });
    let peak = 0;
    const timer = setInterval(() => {
      try {
        peak = Math.max(peak, Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]));
      } catch {}
    }, 50);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (code) => {
      clearInterval(timer);
      const r = JSON.parse(out || '{}');
      resolve({ code, peakMb: Math.round(peak / 1024), s: ((Date.now() - t0) / 1000).toFixed(1), findings: r.findings?.length, warnings: r.warnings?.map((w) => w.kind) });
    });
    if (feed) feed(child.stdin);
  });
}

async function feedStdin(stdin) {
  stdin.on('error', () => {});
  for (let i = 0; i < stdinMb; i++) if (!stdin.write(BLOCK)) await new Promise((r) => stdin.once('drain', r));
  stdin.end(TAIL);
}

function bigFile(path, mb) {
  const fd = openSync(path, 'w');
  for (let i = 0; i < mb; i++) writeSync(fd, BLOCK);
  writeSync(fd, TAIL);
  closeSync(fd);
}

const dir = mkdtempSync(join(tmpdir(), 'kh-mem-'));
try {
  console.log(`stdin ${stdinMb} MB:`, await run(['scan', '-', '--format', 'json'], feedStdin));
  bigFile(join(dir, 'big.log'), fileMb);
  console.log(`file ${fileMb} MB (--max-file-size 1GB):`, await run(['scan', join(dir, 'big.log'), '--format', 'json', '--max-file-size', '1GB']));
  const repo = join(dir, 'repo');
  execFileSync('git', ['init', '-q', repo]);
  bigFile(join(repo, 'big.log'), blobMb);
  const git = (...a) => execFileSync('git', ['-C', repo, '-c', 'user.name=b', '-c', 'user.email=b@b', '-c', 'core.compression=1', ...a]);
  git('add', 'big.log');
  git('commit', '-qm', 'big');
  rmSync(join(repo, 'big.log'));
  console.log(`git blob ${blobMb} MB (--max-file-size 1GB):`, await run(['git', repo, '--format', 'json', '--max-file-size', '1GB']));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
