// Spawning git: one environment, one set of global flags, one error type. No simple-git on hot paths.
import { spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** Not a repository, unknown revision, bad range: the CLI exits 2 with this message. */
export class GitUsageError extends Error {
  override name = 'GitUsageError';
}

/**
 * Inherited variables kept: they say where the data of the repository being committed to or
 * pushed to is while a hook runs (`git commit -a` stages into a temporary GIT_INDEX_FILE; a
 * pre-receive hook's objects sit in a quarantine GIT_OBJECT_DIRECTORY). git only reads data
 * from them. Every other GIT_* is dropped: GIT_DIR/GIT_WORK_TREE would scan another repository
 * than the one named, GIT_EXEC_PATH picks the programs git runs, GIT_CONFIG_* / _PARAMETERS add
 * config, GIT_EXTERNAL_DIFF, GIT_SSH(_COMMAND), GIT_ASKPASS, GIT_PAGER, GIT_EDITOR, GIT_PROXY_*
 * name programs, GIT_TRACE* writes files. An allowlist, because git keeps adding variables.
 */
const KEEP_GIT_VARS = new Set(['GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_QUARANTINE_PATH']);
/** Not GIT_*, but programs git would run (prompts) or page through. */
const DROP_VARS = new Set(['SSH_ASKPASS', 'PAGER', 'EDITOR', 'VISUAL']);

/**
 * The environment every git child runs with (README "Hostile repositories"): the caller's,
 * less the variables above, plus: never prompt; no transport at all (GIT_ALLOW_PROTOCOL set
 * to none overrides every protocol.*.allow a repository sets, so a promisor remote's `ext::`
 * URL never runs; git ≥ 2.44 and 2.39.4+ also honour GIT_NO_LAZY_FETCH); no optional locks;
 * no replace refs; no system config (global config stays: it holds the user's safe.directory).
 */
export function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('GIT_') ? KEEP_GIT_VARS.has(k) : !DROP_VARS.has(k)) env[k] = v;
  }
  return Object.assign(env, {
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ALLOW_PROTOCOL: '',
    GIT_NO_LAZY_FETCH: '1',
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_OPTIONAL_LOCKS: '0',
    GCM_INTERACTIVE: 'never',
  });
}

/**
 * Config that makes git run a program or reach the network, overridden on the command line
 * (which beats repository, user and system config). Per-driver keys (filter.<x>.*,
 * diff.<x>.textconv/command) cannot be listed: the commands keyhound runs never apply them
 * (`cat-file` without --filters/--textconv, log/diff with --no-textconv --no-ext-diff, no
 * working-tree reads). Keys only fetch/push read (core.sshCommand, credential.helper,
 * core.askPass, core.gitProxy, core.alternateRefsCommand, uploadpack.packObjectsHook) are
 * unreachable without a transport, which GIT_ALLOW_PROTOCOL and protocol.allow forbid; the
 * first four are still reset here in case one is ever consulted.
 */
const SAFE_CONFIG = [
  'core.fsmonitor=false',
  'core.hooksPath=/dev/null',
  'core.pager=cat',
  'core.askPass=',
  'core.sshCommand=false',
  'core.gitProxy=',
  'credential.helper=',
  'diff.external=',
  'log.showSignature=false',
  'gpg.program=false',
  'gpg.ssh.program=false',
  'gpg.x509.program=false',
  'protocol.allow=never',
  'core.quotePath=false',
];

/** The `-c` settings every git child gets (org-audit clones add their transport on top). */
export function safeConfig(): string[] {
  return [...SAFE_CONFIG];
}

/** Global flags placed before the subcommand. */
export function gitGlobal(repo: string): string[] {
  return ['-C', repo, '--no-pager', '--no-replace-objects', ...SAFE_CONFIG.flatMap((c) => ['-c', c])];
}

/** The one place a git process starts. */
export function spawnGit(repo: string, args: string[]): ChildProcessWithoutNullStreams {
  return spawn('git', [...gitGlobal(repo), ...args], { env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Tracks the children of one scan so that abort/early return kills them all. */
export class Children {
  private readonly procs = new Set<ChildProcess>();
  private readonly onAbort = () => this.killAll();

  constructor(private readonly signal?: AbortSignal) {
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  spawn(repo: string, args: string[]): ChildProcessWithoutNullStreams {
    const p = spawnGit(repo, args);
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
        : spawnGit(repo, args);
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
