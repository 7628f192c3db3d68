// Pre-commit: exactly what is staged (the index, not the working tree) for files changed vs
// HEAD (or vs the empty tree before the first commit). Two git processes in all: one
// `git diff --cached --raw -p -U0` gives the staged blob ids AND the added line numbers, one
// `git cat-file --batch` reads the blobs. No simple-git, nothing heavy imported.
import type { Chunk } from '../../types.js';
import { named, type Source, type SourceContext } from '../source.js';
import { parseBatch } from './catfile.js';
import { Children, GitUsageError, collectStderr, exited, gitMessage, runGit } from './exec.js';
import { whyNotARepository } from './refusal.js';
import { noteSubmodules } from './submodules.js';

export interface StagedOptions {
  repo: string;
  maxFileBytes: number;
  /** Scan every line of each staged file, not only added/changed ones. */
  allLines?: boolean;
}

interface StagedFile {
  path: string;
  blob: string;
  /** 1-based added/changed lines of the staged version; undefined = all (binary, or allLines). */
  lines: number[] | undefined;
}

/** Undo git's C-style path quoting: "a\tb\303\251" → a<TAB>bé. */
export function unquoteCPath(s: string): string {
  if (!(s.length >= 2 && s.startsWith('"') && s.endsWith('"'))) return s;
  const bytes: number[] = [];
  const body = Buffer.from(s.slice(1, -1), 'utf8');
  const esc: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== 92 || i + 1 >= body.length) {
      bytes.push(ch);
      continue;
    }
    const n = String.fromCharCode(body[i + 1]!);
    if (/[0-7]/.test(n) && i + 3 < body.length) {
      bytes.push(parseInt(body.subarray(i + 1, i + 4).toString('latin1'), 8));
      i += 3;
    } else {
      bytes.push(esc[n] ?? body[i + 1]!);
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Parse `git diff --cached --raw -p -U0` output. Raw entries and patch sections share order.
 * Submodules (gitlinks) staged are not files: they go to `gitlinks` (path → commit).
 */
export function parseStagedDiff(out: string, allLines: boolean, gitlinks?: Map<string, string>): StagedFile[] {
  const files: Array<StagedFile & { skip: boolean }> = [];
  let pos = 0;
  // raw part: `:old new oldsha newsha STATUS\tpath[\tnewpath]` lines, then a blank line
  while (pos < out.length && out.charCodeAt(pos) === 58 /* ':' */) {
    const nl = out.indexOf('\n', pos);
    const line = out.slice(pos, nl < 0 ? out.length : nl);
    pos = nl < 0 ? out.length : nl + 1;
    const tab = line.indexOf('\t');
    const [, newMode, , newSha] = line.slice(1, tab).split(' ');
    const names = line.slice(tab + 1).split('\t');
    files.push({
      path: unquoteCPath(names[names.length - 1]!),
      blob: newSha!,
      lines: allLines ? undefined : [],
      skip: newMode === '160000',
    });
  }
  if (!allLines) {
    // patch part: one `diff --git` section per raw entry
    const sections = out.slice(pos).split(/^diff --git /m).slice(1);
    sections.forEach((sec, i) => {
      const f = files[i];
      if (!f) return;
      const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/gm;
      const firstHunk = sec.search(/^@@ /m);
      const header = firstHunk < 0 ? sec : sec.slice(0, firstHunk);
      if (/^Binary files .* differ$/m.test(header)) {
        f.lines = undefined; // binary: no line map, scan it whole
        return;
      }
      for (let m = hunk.exec(sec); m; m = hunk.exec(sec)) {
        const start = Number(m[1]);
        const count = m[2] === undefined ? 1 : Number(m[2]);
        for (let l = start; l < start + count; l++) f.lines!.push(l);
      }
    });
  }
  for (const f of files) if (f.skip) gitlinks?.set(f.path, f.blob);
  return files.filter((f) => !f.skip).map(({ path, blob, lines }) => ({ path, blob, lines }));
}

export function stagedSource(opts: StagedOptions): Source {
  return (ctx) => staged(opts, ctx);
}

async function* staged(opts: StagedOptions, ctx: SourceContext): AsyncGenerator<Chunk[]> {
  const children = new Children(ctx.signal);
  try {
    const diff = await stagedDiff(opts, ctx, children);
    if (diff === null) return;
    const gitlinks = new Map<string, string>();
    const files = parseStagedDiff(diff, opts.allLines ?? false, gitlinks)
      // nothing added or changed (pure rename, mode change): nothing this commit could leak
      .filter((f) => f.lines === undefined || f.lines.length > 0);
    ctx.count('stagedFiles', files.length);
    // What this commit would record of a submodule: its commit, not its files (index .gitmodules).
    await noteSubmodules(opts.repo, '', gitlinks, ctx);
    if (files.length === 0) return;

    yield* readStaged(files, opts, ctx, children);
  } finally {
    children.dispose();
  }
}

/** `git diff --cached` of the index against HEAD (null: aborted); a failure says why it is not a repository. */
async function stagedDiff(opts: StagedOptions, ctx: SourceContext, children: Children): Promise<string | null> {
  const diff = await runGit(
    opts.repo,
    [
      'diff',
      '--cached',
      '--raw',
      '-p',
      '-U0',
      '--no-abbrev',
      '-M',
      '--no-color',
      '--no-ext-diff',
      '--no-textconv',
      '--no-relative',
      '--src-prefix=a/',
      '--dst-prefix=b/',
      '--diff-filter=ACMR',
    ],
    { children },
  ).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR') throw new GitUsageError(`not a git repository: ${opts.repo}`);
    throw e;
  });
  if (ctx.signal.aborted) return null;
  if (diff.code !== 0) {
    const msg = gitMessage(diff.stderr);
    // Outside a repository `git diff` falls back to --no-index mode, which has no --cached.
    if (/not a git repository|unknown option .cached/i.test(msg)) throw await whyNotARepository(opts.repo);
    if (/cannot change to/.test(msg)) throw new GitUsageError(`not a git repository (no such directory): ${opts.repo}`);
    throw new GitUsageError(`${opts.repo}: ${msg}`);
  }
  return diff.stdout.toString('utf8');
}

/** The staged blobs, read by one `git cat-file --batch`; each file that holds one is a chunk. */
async function* readStaged(files: StagedFile[], opts: StagedOptions, ctx: SourceContext, children: Children): AsyncGenerator<Chunk[]> {
  const byBlob = new Map<string, StagedFile[]>();
  for (const f of files) {
    const l = byBlob.get(f.blob);
    if (l) l.push(f);
    else byBlob.set(f.blob, [f]);
  }
  const cat = children.spawn(opts.repo, ['cat-file', '--batch', '--buffer']);
  const catErr = collectStderr(cat);
  cat.stdin.end([...byBlob.keys()].map((s) => `${s}\n`).join(''));
  for await (const res of parseBatch(cat.stdout, opts.maxFileBytes)) {
    if (ctx.signal.aborted) return;
    const fs = byBlob.get(res.sha) ?? [];
    byBlob.delete(res.sha);
    if (res.missing) {
      for (const f of fs) {
        ctx.count('missingObjects');
        ctx.warn({ kind: 'missing-object', path: `${f.path} (blob ${f.blob})`, message: `staged blob ${f.blob} is missing from the object store; not scanned` });
      }
      continue;
    }
    if (res.bytes === null) {
      for (const f of fs) {
        ctx.count('sizeCapped');
        ctx.warn({ kind: 'size-cap', path: f.path, message: `staged file is ${res.size} bytes, over the ${opts.maxFileBytes}-byte cap; not scanned` });
      }
      continue;
    }
    for (const f of fs) {
      ctx.count('blobs');
      ctx.count('bytes', res.size);
      const chunk: Chunk = { id: f.blob, bytes: res.bytes, provenance: [{ kind: 'staged', path: f.path, blob: f.blob }] };
      if (f.lines) chunk.lines = f.lines;
      yield [named(ctx, chunk)];
    }
  }
  const code = await exited(cat);
  if (ctx.signal.aborted) return;
  for (const fs of byBlob.values()) {
    for (const f of fs) {
      ctx.count('missingObjects');
      ctx.warn({ kind: 'missing-object', path: `${f.path} (blob ${f.blob})`, message: `staged blob could not be read (${gitMessage(catErr()) || `git cat-file exit ${code}`}); not scanned` });
    }
  }
}
