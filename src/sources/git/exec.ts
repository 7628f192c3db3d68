// Spawning git: one environment, one set of global flags, one error type. No simple-git on hot paths.
import { spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** Not a repository, unknown revision, bad range: the CLI exits 2 with this message. */
export class GitUsageError extends Error {
  override name = 'GitUsageError';
}

/**
 * The environment every git child runs with: never prompt, never lazy-fetch missing objects
 * from a promisor remote (git ≥ 2.44 honours GIT_NO_LAZY_FETCH; older gits are stopped by
 * `protocol.allow=never` below), never take optional locks, never follow replace refs.
 */
export function gitEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_NO_LAZY_FETCH: '1',
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_PAGER: 'cat',
    GCM_INTERACTIVE: 'never',
  };
}

/** Global flags placed before the subcommand. */
export function gitGlobal(repo: string): string[] {
  return ['-C', repo, '--no-replace-objects', '-c', 'protocol.allow=never', '-c', 'core.quotePath=false'];
}

/** Tracks the children of one scan so that abort/early return kills them all. */
export class Children {
  private readonly procs = new Set<ChildProcess>();
  private readonly onAbort = () => this.killAll();

  constructor(private readonly signal?: AbortSignal) {
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  spawn(repo: string, args: string[]): ChildProcessWithoutNullStreams {
    const p = spawn('git', [...gitGlobal(repo), ...args], { env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    this.procs.add(p);
    p.once('close', () => this.procs.delete(p));
    // Errors on stdin (EPIPE after the child died) surface through the exit code instead.
    p.stdin.on('error', () => {});
    return p;
  }

  killAll(): void {
    for (const p of this.procs) {
      if (p.exitCode === null && p.signalCode === null) p.kill('SIGTERM');
    }
    this.procs.clear();
  }

  dispose(): void {
    this.signal?.removeEventListener('abort', this.onAbort);
    this.killAll();
  }
}

export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** Run git to completion and collect its output (small outputs only). */
export function runGit(repo: string, args: string[], opts: { input?: string; children?: Children } = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    let p: ChildProcessWithoutNullStreams;
    try {
      p = opts.children
        ? opts.children.spawn(repo, args)
        : spawn('git', [...gitGlobal(repo), ...args], { env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (e) {
      reject(e);
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    p.stdout.on('data', (b: Buffer) => out.push(b));
    p.stderr.on('data', (b: Buffer) => err.push(b));
    p.stdin.on('error', () => {});
    p.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') reject(new GitUsageError('git executable not found on PATH'));
      else reject(e);
    });
    p.once('close', (code, sig) => {
      resolve({ code: code ?? (sig ? 128 : 1), stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') });
    });
    p.stdin.end(opts.input ?? '');
  });
}

/** First line of git's complaint, without the `fatal: ` prefix. */
export function gitMessage(stderr: string): string {
  const line = stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => /^(fatal|error):/.test(l)) ?? stderr.trim().split('\n')[0] ?? '';
  return line.replace(/^(fatal|error):\s*/, '');
}

/** Collects a child's stderr (bounded) for warnings. */
export function collectStderr(p: ChildProcessWithoutNullStreams, limit = 16 * 1024): () => string {
  let s = '';
  p.stderr.setEncoding('utf8');
  p.stderr.on('data', (d: string) => {
    if (s.length < limit) s += d;
  });
  return () => s;
}

/** Resolves with the exit code once the child has exited and its streams closed. */
export function exited(p: ChildProcess): Promise<number> {
  if (p.exitCode !== null) return Promise.resolve(p.exitCode);
  if (p.signalCode !== null) return Promise.resolve(128);
  return new Promise((resolve) => {
    p.once('close', (code, sig) => resolve(code ?? (sig ? 128 : 1)));
    p.once('error', () => resolve(127));
  });
}

export const isZeroId = (sha: string): boolean => /^0+$/.test(sha);
