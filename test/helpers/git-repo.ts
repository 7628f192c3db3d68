// Real repositories built with the real git binary, in a temp dir, with fixed identities/dates.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, mkdirSync, rmSync, truncateSync, writeFileSync, unlinkSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const AUTHOR = { name: 'Ada Lovelace', email: 'ada@example.com' };

const created: string[] = [];

/** A fresh temp directory, removed by `cleanupRepos()`. */
export function tempDir(prefix = 'keyhound-git-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  created.push(d);
  return d;
}

export function cleanupRepos(): void {
  for (const d of created.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Environment for test git commands: no user/system config, fixed identity. */
export function testGitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: AUTHOR.name,
    GIT_AUTHOR_EMAIL: AUTHOR.email,
    GIT_COMMITTER_NAME: AUTHOR.name,
    GIT_COMMITTER_EMAIL: AUTHOR.email,
    GIT_TERMINAL_PROMPT: '0',
    ...extra,
  };
}

export interface CommitOptions {
  /** ISO date or git date string for both author and committer date. */
  date?: string;
  author?: { name: string; email: string };
  amend?: boolean;
  allowEmpty?: boolean;
}

let clock = Date.parse('2020-01-01T00:00:00Z') / 1000;

export class GitRepo {
  constructor(readonly dir: string) {}

  static init(opts: { bare?: boolean; dir?: string } = {}): GitRepo {
    const dir = opts.dir ?? tempDir();
    const repo = new GitRepo(dir);
    repo.git('init', '-q', '-b', 'main', ...(opts.bare ? ['--bare'] : []));
    repo.git('config', 'commit.gpgsign', 'false');
    repo.git('config', 'gc.auto', '0');
    return repo;
  }

  /** Clone `src` (e.g. with '--mirror', '--depth', '2', '--bare'); uses file:// so --depth works. */
  static clone(src: GitRepo, ...args: string[]): GitRepo {
    const dir = join(tempDir(), 'clone');
    execFileSync('git', ['clone', '-q', ...args, `file://${src.dir}`, dir], { env: testGitEnv(), stdio: 'pipe' });
    return new GitRepo(dir);
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, env: testGitEnv(this.dateEnv), stdio: 'pipe', maxBuffer: 1 << 28 }).toString('utf8');
  }

  private dateEnv: Record<string, string> = {};

  /** Run git with author/committer dates set. */
  gitAt(date: string | undefined, ...args: string[]): string {
    const d = date ?? `@${(clock += 60)} +0000`;
    this.dateEnv = { GIT_AUTHOR_DATE: d, GIT_COMMITTER_DATE: d };
    try {
      return this.git(...args);
    } finally {
      this.dateEnv = {};
    }
  }

  write(path: string, content: string | Uint8Array): this {
    const p = join(this.dir, path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
    return this;
  }

  remove(path: string): this {
    unlinkSync(join(this.dir, path));
    return this;
  }

  add(...paths: string[]): this {
    this.git('add', '-A', '--', ...(paths.length ? paths : ['.']));
    return this;
  }

  /** Stage everything and commit; returns the commit sha. */
  commit(message: string, opts: CommitOptions = {}): string {
    this.git('add', '-A');
    const env = opts.author ? ['-c', `user.name=${opts.author.name}`, '-c', `user.email=${opts.author.email}`] : [];
    const args = [...env, 'commit', '-q', '--no-verify', '--allow-empty-message', '-m', message];
    if (opts.amend) args.push('--amend');
    if (opts.allowEmpty) args.push('--allow-empty');
    if (opts.author) args.push(`--author=${opts.author.name} <${opts.author.email}>`);
    this.gitAt(opts.date, ...args);
    return this.head();
  }

  /** Write files then commit them. */
  commitFiles(files: Record<string, string>, message: string, opts: CommitOptions = {}): string {
    for (const [p, c] of Object.entries(files)) this.write(p, c);
    return this.commit(message, opts);
  }

  head(): string {
    return this.rev('HEAD');
  }

  rev(r: string): string {
    return this.git('rev-parse', '--verify', r).trim();
  }

  checkout(...args: string[]): this {
    this.git('checkout', '-q', ...args);
    return this;
  }

  branch(name: string, start?: string): this {
    this.git('branch', name, ...(start ? [start] : []));
    return this;
  }

  tag(name: string, rev = 'HEAD', annotated = false): this {
    if (annotated) this.gitAt(undefined, 'tag', '-a', '-m', `tag ${name}`, name, rev);
    else this.git('tag', name, rev);
    return this;
  }

  stash(message = 'wip', ...args: string[]): this {
    this.gitAt(undefined, 'stash', 'push', '-q', '-m', message, ...args);
    return this;
  }

  /** Blob id of `path` at `rev` (or of bytes, via hash-object). */
  blobAt(rev: string, path: string): string {
    return this.rev(`${rev}:${path}`);
  }

  hashObject(content: string): string {
    return execFileSync('git', ['hash-object', '--stdin'], { cwd: this.dir, env: testGitEnv(), input: content }).toString().trim();
  }

  /** Absolute path of the git dir. */
  gitDir(): string {
    return this.git('rev-parse', '--path-format=absolute', '--git-dir').trim();
  }

  /** Delete a loose object (simulates a damaged repository). */
  deleteLooseObject(sha: string): void {
    unlinkSync(join(this.gitDir(), 'objects', sha.slice(0, 2), sha.slice(2)));
  }

  /**
   * Cut a loose object short: its header still reads (so git lists it) but its content does
   * not (a damaged disk, an interrupted copy). `git cat-file` dies on it.
   */
  truncateLooseObject(sha: string, keepBytes: number): void {
    const p = join(this.gitDir(), 'objects', sha.slice(0, 2), sha.slice(2));
    chmodSync(p, 0o644);
    truncateSync(p, keepBytes);
  }

  /** Names of files in the repo dir (for debugging). */
  ls(): string[] {
    return readdirSync(this.dir);
  }
}
