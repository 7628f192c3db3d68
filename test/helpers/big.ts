// Large inputs made fast (one buffer repeated) and fed to a real child without holding them in
// the test process; the child's peak RSS read from /proc while it runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { BIN } from './cli.js';

/** 1 MiB of 64-byte text lines with no rule keyword: 16384 lines. */
export const FILLER_LINE = 'the quick brown fox jumps over the lazy dog 0123456789 lorem ip\n';
export const FILLER = Buffer.from(FILLER_LINE.repeat(16384));
export const FILLER_LINES = 16384;

export async function write(out: Writable, b: Buffer | string): Promise<void> {
  // (errors: the child's exit code says what went wrong; callers attach an error handler)
  if (!out.write(b)) await new Promise<void>((r) => out.once('drain', r));
}

/** Peak resident set (VmHWM, kB) of a running process: polled until it exits. */
export function watchPeakRss(child: ChildProcess): () => number {
  let peak = 0;
  const poll = () => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]));
    } catch {
      // exited
    }
  };
  const timer = setInterval(poll, 50);
  child.once('exit', () => clearInterval(timer));
  return () => peak;
}

export interface Spawned {
  child: ChildProcess;
  done: Promise<{ code: number | null; stdout: string; stderr: string; peakKb: number }>;
}

export function spawnCli(args: string[], opts: { stdin?: 'pipe' | 'ignore' | number; shell?: boolean } = {}): Spawned {
  const child = opts.shell
    ? spawn('bash', ['-c', args.join(' ')], { stdio: [opts.stdin ?? 'pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } })
    : spawn(process.execPath, [BIN, ...args], { stdio: [opts.stdin ?? 'pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  const peak = watchPeakRss(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  child.stdin?.on('error', () => {});
  const done = new Promise<{ code: number | null; stdout: string; stderr: string; peakKb: number }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr, peakKb: peak() })),
  );
  return { child, done };
}
