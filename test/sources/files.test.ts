// The working-tree walk, through the real CLI: nothing under a root is skipped in silence.
// A directory that cannot be read or a path over the OS limit is a warning with its path
// (complete: false, --strict → 2); names with a newline or bytes that are not UTF-8 are
// scanned and shown unambiguously; links to nothing and fifos are notes; --exclude holds.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeKeyId } from '../helpers/keys.js';
import { BIN, runCli, tempDir, type CliRun } from '../helpers/cli.js';
import { cleanupRepos } from '../helpers/git-repo.js';
import { zip } from '../helpers/archives.js';

interface JsonWarning { kind: string; path: string; message: string }
interface Report {
  summary: { filesScanned: number; warnings: number; warningsByKind: Record<string, number>; complete: boolean; extra?: Record<string, number> };
  findings: Array<{ secret: string; locations: Array<{ path: string; line: number; column: number }> }>;
  warnings: JsonWarning[];
}

const removeWithRm: string[] = [];
/** Directories made unreadable: given back their mode, so a non-root run can remove them. */
const locked: string[] = [];
afterAll(() => {
  for (const d of locked) chmodSync(d, 0o755);
  cleanupRepos();
  // Node's rm cannot remove a tree deeper than PATH_MAX; GNU rm walks it relative to each dir.
  for (const d of removeWithRm) execFileSync('rm', ['-rf', d]);
});

function json(r: CliRun): Report {
  return JSON.parse(r.stdout) as Report;
}

/** [path, line, column, secret] of every location, sorted: the walk's order is not fixed. */
function places(report: Report): Array<[string, number, number, string]> {
  return report.findings.flatMap((f) => f.locations.map((l): [string, number, number, string] => [l.path, l.line, l.column, f.secret])).sort();
}

describe('a directory the user cannot read', () => {
  // Root reads everything: as root (CI), run the CLI as nobody, which must be able to read the
  // checkout and the fixtures but not the locked directory.
  const runAs = unprivileged();
  const maybe = runAs ? it : it.skip;
  if (!runAs) console.warn('skipped: running as root and neither runuser nor setpriv can run the CLI as nobody');

  function tree(keys: Record<string, string>): string {
    const dir = tempDir('keyhound-walk-perm-');
    chmodSync(dir, 0o755);
    for (const [file, keyId] of Object.entries(keys)) {
      mkdirSync(join(dir, file, '..'), { recursive: true, mode: 0o755 });
      writeFileSync(join(dir, file), `AWS_ACCESS_KEY_ID=${keyId}\n`, { mode: 0o644 });
    }
    mkdirSync(join(dir, 'locked'), { mode: 0o755 });
    writeFileSync(join(dir, 'locked', 'creds.env'), `AWS_ACCESS_KEY_ID=${fakeKeyId().keyId}\n`);
    chmodSync(join(dir, 'locked'), 0o000);
    locked.push(join(dir, 'locked'));
    return dir;
  }

  maybe('is a warning with its path and a count, the rest is still scanned, complete: false', () => {
    const before = fakeKeyId().keyId;
    const after = fakeKeyId().keyId;
    const dir = tree({ 'a/k.env': before, 'z/k.env': after });
    const r = runAs!(['scan', dir, '--format', 'json', '--show-secrets']);
    expect(r.code).toBe(1);
    const report = json(r);
    expect(places(report)).toEqual([[join(dir, 'a/k.env'), 1, 19, before], [join(dir, 'z/k.env'), 1, 19, after]]);
    expect(report.warnings).toEqual([{ kind: 'unreadable', path: join(dir, 'locked'), message: 'directory not scanned: EACCES (permission denied)' }]);
    expect(report.summary.warningsByKind).toEqual({ unreadable: 1 });
    expect(report.summary.complete).toBe(false);
    expect(r.stderr).toContain(`keyhound: warning: unreadable: ${join(dir, 'locked')}: directory not scanned: EACCES`);
  });

  maybe('a directory name with a newline or a terminal escape is one escaped line on stderr', () => {
    const dir = tree({});
    const odd = join(dir, 'odd\n\u001b[2Jdir');
    mkdirSync(odd, { mode: 0o000 });
    locked.push(odd);
    const r = runAs!(['scan', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`keyhound: warning: unreadable: ${dir}/odd\\x0a\\x1b[2Jdir: directory not scanned: EACCES (permission denied)\n`);
    expect(r.stderr).not.toContain('\u001b');
  });

  maybe('--strict turns the incomplete clean scan into exit 2', () => {
    const dir = tree({});
    writeFileSync(join(dir, 'clean.txt'), 'nothing here\n', { mode: 0o644 });
    expect(runAs!(['scan', dir]).code).toBe(0);
    expect(runAs!(['scan', dir, '--strict']).code).toBe(2);
  });
});

describe('a path longer than the OS allows', () => {
  // Built relative to each new directory (cd), as no absolute path this long can be used.
  const root = mkdtempSync(join(tmpdir(), 'keyhound-walk-deep-'));
  removeWithRm.push(root);
  const name = 'd'.repeat(200);
  const hidden = fakeKeyId().keyId;
  execFileSync('bash', ['-c', `cd "$1" && echo clean > top.txt && for i in $(seq 30); do mkdir "$2" && cd "$2"; done && echo "id=${hidden}" > k.env`, '-', root, name]);
  // The first directory the OS will not list by its path: what the walk must name.
  let tooLong = root;
  for (;;) {
    tooLong = join(tooLong, name);
    try {
      readdirSync(tooLong);
    } catch (e) {
      expect((e as NodeJS.ErrnoException).code).toBe('ENAMETOOLONG');
      break;
    }
  }

  it('is a warning with its path and a count, complete: false; --strict → exit 2', () => {
    const r = runCli(['scan', root, '--format', 'json']);
    expect(r.code).toBe(0);
    const report = json(r);
    expect(report.warnings).toEqual([{ kind: 'unreadable', path: tooLong, message: 'directory not scanned: ENAMETOOLONG (the path is longer than the system allows)' }]);
    expect(report.summary.warningsByKind).toEqual({ unreadable: 1 });
    expect(report.summary.filesScanned).toBe(1);
    expect(report.summary.complete).toBe(false);
    expect(runCli(['scan', root, '--strict']).code).toBe(2);
  });
});

describe('file names', () => {
  it('a name with a newline is scanned: exact in JSON, escaped on one line in text', () => {
    const dir = tempDir('keyhound-walk-nl-');
    const { keyId } = fakeKeyId();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'a\nb.env'), `AWS_ACCESS_KEY_ID=${keyId}\n`);
    const r = runCli(['scan', dir, '--format', 'json', '--show-secrets']);
    expect(r.code).toBe(1);
    expect(places(json(r))).toEqual([[join(dir, 'sub', 'a\nb.env'), 1, 19, keyId]]);
    const text = runCli(['scan', dir]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`  at ${join(dir, 'sub')}/a\\x0ab.env:1:19\n`);
  });

  it('names that are not UTF-8 are scanned, shown with \\xNN escapes, and say so in the summary', () => {
    const dir = tempDir('keyhound-walk-bytes-');
    const { keyId } = fakeKeyId();
    const other = fakeKeyId().keyId;
    const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
    // k\xff.env in the root, and x.env in a directory named d\xfe.
    writeFileSync(bytes(dir, '/', [0x6b, 0xff, 0x2e, 0x65, 0x6e, 0x76]), `AWS_ACCESS_KEY_ID=${keyId}\n`);
    mkdirSync(bytes(dir, '/d', [0xfe]));
    writeFileSync(bytes(dir, '/d', [0xfe], '/x.env'), `id=${other}\n`);
    const r = runCli(['scan', dir, '--format', 'json', '--show-secrets']);
    expect(r.code).toBe(1);
    const report = json(r);
    expect(places(report)).toEqual([[`${dir}/d\\xfe/x.env`, 1, 4, other], [`${dir}/k\\xff.env`, 1, 19, keyId]]);
    expect(report.warnings).toEqual([]);
    expect(report.summary.extra).toMatchObject({ nonUtf8Names: 2 });
    expect(report.summary.complete).toBe(true);
    expect(runCli(['scan', dir]).stdout).toContain(`  at ${dir}/k\\xff.env:1:19\n`);
  });

  it('an archive with a name that is not UTF-8, streamed from disk (over --max-file-size), is opened by its bytes', () => {
    const dir = tempDir('keyhound-walk-bytes-zip-');
    const { keyId } = fakeKeyId();
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/a`), Buffer.from([0xe9]), Buffer.from('.zip')]), zip([{ name: 'in/creds.env', data: `id=${keyId}\n` }]));
    const r = runCli(['scan', dir, '--format', 'json', '--show-secrets', '--max-file-size', '64']);
    expect(r.code).toBe(1);
    const report = json(r);
    expect(places(report)).toEqual([[`${dir}/a\\xe9.zip!in/creds.env`, 1, 4, keyId]]);
    expect(report.warnings).toEqual([]);
  });
});

describe('notes: nothing to read, and said so', () => {
  // A link to nothing or a fifo holds no stored content: a note with its path that does not
  // make the scan incomplete (--strict still exits 0), so a tree with a stale link can pass CI.
  it('a dangling symlink and a symlink loop are notes with their path and target; complete stays true', () => {
    const dir = tempDir('keyhound-walk-links-');
    writeFileSync(join(dir, 'clean.txt'), 'nothing\n');
    symlinkSync('gone.env', join(dir, 'stale.env'));
    symlinkSync('self', join(dir, 'self'));
    const r = runCli(['scan', dir, '--format', 'json', '--strict']);
    expect(r.code).toBe(0);
    const report = json(r);
    expect(report.warnings.sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { kind: 'dangling-symlink', path: join(dir, 'self'), message: 'symlink loop (ELOOP): -> self; no content to scan' },
      { kind: 'dangling-symlink', path: join(dir, 'stale.env'), message: 'symlink to nothing (ENOENT): -> gone.env; no content to scan' },
    ]);
    expect(report.summary.warningsByKind).toEqual({ 'dangling-symlink': 2 });
    expect(report.summary.complete).toBe(true);
    expect(report.summary.filesScanned).toBe(1);
  });

  it('a fifo inside a tree is a note, not a read that could block', () => {
    const dir = tempDir('keyhound-walk-fifo-');
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    const r = runCli(['scan', dir, '--format', 'json', '--strict']);
    expect(r.code).toBe(0);
    expect(json(r).warnings).toEqual([{ kind: 'special-file', path: join(dir, 'pipe'), message: 'not read: a fifo in a directory walk (name it on the command line to read it)' }]);
  });
});

describe('--exclude', () => {
  const dir = tempDir('keyhound-walk-exclude-');
  const keys = Object.fromEntries(['keep', 'modules', 'log', 'nl', 'abs', 'dot'].map((k) => [k, fakeKeyId().keyId]));
  const put = (file: string, keyId: string) => {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), `id=${keyId}\n`);
  };
  put('src/keep.txt', keys.keep!);
  put('web/node_modules/pkg/index.js', keys.modules!);
  put('logs/today.log', keys.log!);
  put('cfg/a\nb.env', keys.nl!);
  put('vendor/lib.txt', keys.abs!);
  put('.cache/x.txt', keys.dot!);

  it('skips what the globs match: relative to the root (anchored or at any depth, dot dirs, names with a newline) and absolute', () => {
    const r = runCli(['scan', dir, '--format', 'json', '--show-secrets', '--exclude', '**/node_modules/**', '--exclude', 'logs/*.log', '--exclude', '**/*.env', '--exclude', `${dir}/vendor/**`, '--exclude', '.cache']);
    expect(r.code).toBe(1);
    expect(places(json(r))).toEqual([[join(dir, 'src/keep.txt'), 1, 4, keys.keep]]);
  });

  it('without --exclude (and with --no-default-excludes) everything is scanned', () => {
    const r = runCli(['scan', dir, '--format', 'json', '--show-secrets', '--no-default-excludes']);
    expect(places(json(r)).map((p) => p[0])).toEqual(
      ['.cache/x.txt', 'cfg/a\nb.env', 'logs/today.log', 'src/keep.txt', 'vendor/lib.txt', 'web/node_modules/pkg/index.js'].map((f) => join(dir, f)).sort(),
    );
  });
});

/**
 * How to run the CLI as a user without root's blanket read access, or null. Not root: as is.
 * Root: as nobody through runuser or setpriv, if nobody can run the built CLI from here.
 */
function unprivileged(): ((args: string[]) => CliRun) | null {
  if (process.getuid?.() !== 0) return (args) => runCli(args);
  const prefixes = [
    ['runuser', '-u', 'nobody', '--'],
    ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'],
  ];
  for (const prefix of prefixes) {
    const run = (args: string[]): CliRun => {
      const r = spawnSync(prefix[0]!, [...prefix.slice(1), process.execPath, BIN, ...args], { env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8', timeout: 60_000, cwd: tmpdir() });
      return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
    };
    if (run(['--version']).code === 0) return run;
  }
  return null;
}
