// `keyhound git --recurse-submodules`: the superproject's history, then the whole history of
// each submodule git has cloned into its git dir (`<gitDir>/modules/<name>`, nested ones in
// theirs), one after the other through the same history source (history.ts) and options.
// A submodule's places are named in the superproject: `vendor/lib/config.js`, its commit in
// the provenance, `submodule: 'vendor/lib'` (late-union.ts joins the histories' late
// provenance). Not cloned, refused or too deep: a warning naming it, never a silent skip.
//
// The names in .gitmodules are the repository's: one that would lead out of `modules/` is
// refused (git refuses it too), and a clone must resolve (realpath) inside the `modules/` it is
// named under and be a repository of its own (git would otherwise find the enclosing one).
// Every git process goes through exec.ts like the superproject's; `git submodule` never runs.
import { lstat, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { Chunk, Provenance, ScanWarning } from '../../types.js';
import type { Source, SourceContext } from '../source.js';
import { GitUsageError, runGit } from './exec.js';
import { gitSource, type GitSourceOptions } from './history.js';
import { preflight, type RepoInfo } from './preflight.js';
import { LateUnion, type Relocate } from './late-union.js';
import { byPath, isCloned, moduleDir, submoduleEntries, submoduleLabel, unsafeName } from './submodules.js';

/** Submodules inside submodules are followed this deep (the superproject's own are depth 1). */
export const MAX_SUBMODULE_DEPTH = 8;

interface Module {
  /** The repository git runs in: the superproject as named, a submodule's git dir. */
  repo: string;
  /** Its path in the superproject ('' = the superproject). */
  prefix: string;
  depth: number;
  /** Its git dir as reports name it (`.git/modules/lib`); undefined: the superproject's default. */
  label?: string;
}

/** What the histories share: the modules to scan (appended to as each history ends), the git dirs met. */
interface Plan {
  ctx: SourceContext;
  todo: Module[];
  seen: Set<string>;
  maxDepth: number;
}

/**
 * The history of `opts.repo` and of its cloned submodules. A range (or excluded commits)
 * names the superproject's commits, which mean nothing in a submodule: then the history alone,
 * its submodules noted (the CLI refuses --recurse-submodules with --since/--range).
 */
export function recursiveGitSource(opts: GitSourceOptions, maxDepth = MAX_SUBMODULE_DEPTH): Source {
  if (opts.range || opts.exclude) return gitSource(opts);
  return (ctx) => histories(opts, maxDepth, ctx);
}

async function* histories(opts: GitSourceOptions, maxDepth: number, ctx: SourceContext): AsyncGenerator<Chunk[]> {
  const union = new LateUnion();
  ctx.provenanceLater?.(union);
  const plan: Plan = { ctx, todo: [{ repo: opts.repo, prefix: '', depth: 0 }], seen: new Set(), maxDepth };
  try {
    for (let i = 0; i < plan.todo.length && !ctx.signal.aborted; i++) {
      const m = plan.todo[i]!;
      const relocate = m.depth ? underSubmodule(m.prefix) : undefined;
      const n = union.add(relocate);
      const source = gitSource({
        ...opts,
        repo: m.repo,
        ...(m.label !== undefined ? { gitDirLabel: m.label } : {}),
        submodules: (links, info) => planSubmodules(plan, m, links, info),
      });
      try {
        for await (const chunks of source(moduleContext(ctx, m, union, n, relocate))) yield chunks.map((c) => union.chunk(n, c));
      } catch (e) {
        // The superproject's errors are the scan's (exit 2); a submodule's, a warning.
        if (!m.depth || !(e instanceof GitUsageError)) throw e;
        ctx.warn({ kind: 'unreadable', path: m.prefix, message: `submodule ${m.prefix}/ (${m.label}) could not be read: ${e.message}; not scanned` });
      }
    }
  } finally {
    union.done();
  }
}

/** What a submodule's history reports, named in the superproject; `n`: its number in the union. */
function moduleContext(ctx: SourceContext, m: Module, union: LateUnion, n: number, relocate: Relocate | undefined): SourceContext {
  const inner: SourceContext = { ...ctx };
  if (ctx.provenanceLater) inner.provenanceLater = (late) => union.answer(n, late);
  if (!relocate) return inner;
  // A name is matched as it is (the display path ends with it, as an archive member's does).
  if (ctx.name) inner.name = (text, field, at) => ctx.name!(text, field, () => (typeof at === 'function' ? at() : at).map(relocate));
  inner.warn = (w) => ctx.warn({ ...w, path: relocatePath(m, w.path) });
  return inner;
}

/** A warning's path: the repository itself → its submodule path; its git dir's files are named already. */
function relocatePath(m: Module, path: string): string {
  if (path === m.repo) return m.prefix;
  if (m.label && (path === m.label || path.startsWith(`${m.label}/`))) return path;
  return `${m.prefix}/${path}`;
}

/** Places of a submodule's history under its path in the superproject. */
export function underSubmodule(prefix: string): Relocate {
  const at = (p: Provenance): Provenance => {
    switch (p.kind) {
      case 'git':
        return { ...p, path: `${prefix}/${p.path}`, submodule: prefix };
      case 'git-message':
      case 'git-author':
      case 'git-unreachable':
        return { ...p, submodule: prefix };
      case 'archive':
        return { ...p, outer: at(p.outer) };
      default:
        // 'file': the clone's own files (config, packed-refs), named by its git dir label.
        return p;
    }
  };
  return at;
}

/** The SubmoduleHook of module `m`: each submodule its walk met, queued to scan or warned about. */
async function planSubmodules(plan: Plan, m: Module, links: ReadonlyMap<string, string>, info: RepoInfo): Promise<void> {
  const real = await realpath(info.gitDir).catch(() => info.gitDir);
  plan.seen.add(real);
  if (links.size === 0) return;
  const entries = await submoduleEntries(m.repo, 'HEAD');
  const base = m.label ?? (info.bare ? '' : '.git');
  for (const [path, commit] of byPath(links)) {
    const full = m.prefix ? `${m.prefix}/${path}` : path;
    const entry = entries.get(path);
    const what = submoduleLabel(full, entry?.url, commit);
    plan.ctx.count('submodules');
    const refused = await planOne(plan, m, info, base, { path, full, name: entry?.name ?? path, what });
    if (refused) plan.ctx.warn(refused);
  }
}

interface Wanted {
  /** Its path in `m`'s tree, and in the superproject's. */
  path: string;
  full: string;
  /** Its name in .gitmodules (untrusted), or its path when .gitmodules has none. */
  name: string;
  /** How warnings name it (submoduleLabel). */
  what: string;
}

/** Queues one submodule's clone; returns why not instead. */
async function planOne(plan: Plan, m: Module, info: RepoInfo, base: string, w: Wanted): Promise<ScanWarning | undefined> {
  const { full, what } = w;
  if (unsafeName(w.name)) {
    return { kind: 'other', path: full, message: `not scanned: ${what}: its name in .gitmodules, '${w.name}', leads out of the git dir's modules/ (git refuses such names, CVE-2018-11235)` };
  }
  const clone = await findClone(m, info, base, w);
  if (!clone) return { kind: 'submodule', path: full, message: `not scanned: ${what}: not initialised (git submodule update --init)` };
  if (m.depth >= plan.maxDepth) {
    return { kind: 'depth-limit', path: full, message: `not scanned: ${what}: nested deeper than ${plan.maxDepth} submodules` };
  }
  const real = await realpath(clone.dir).catch(() => undefined);
  const root = await realpath(clone.root).catch(() => undefined);
  if (!real || !root || !real.startsWith(root + sep)) {
    return { kind: 'other', path: full, message: `not scanned: ${what}: its clone ${clone.label} resolves outside ${clone.rootLabel}` };
  }
  if (plan.seen.has(real)) return { kind: 'other', path: full, message: `not scanned again: ${what}: its clone ${clone.label} is a repository already scanned` };
  let own: RepoInfo;
  try {
    own = await preflight(clone.dir);
  } catch (e) {
    if (!(e instanceof GitUsageError)) throw e;
    return { kind: 'unreadable', path: full, message: `not scanned: ${what}: its clone ${clone.label} cannot be read: ${e.message}` };
  }
  // Not a repository itself, git finds the enclosing one: that is no submodule's history.
  if ((await realpath(own.gitDir).catch(() => own.gitDir)) !== real) {
    return { kind: 'other', path: full, message: `not scanned: ${what}: ${clone.label} is not a repository` };
  }
  plan.seen.add(real);
  plan.todo.push({ repo: clone.dir, prefix: full, depth: m.depth + 1, label: clone.label });
  plan.ctx.count('submodulesScanned');
  return undefined;
}

interface Clone {
  dir: string;
  label: string;
  /** The directory it must stay inside, and how reports name that. */
  root: string;
  rootLabel: string;
}

/** Where git cloned a submodule: `<gitDir>/modules/<name>`, or (old-style) a `.git` directory in the work tree. */
async function findClone(m: Module, info: RepoInfo, base: string, w: Wanted): Promise<Clone | undefined> {
  const modules = base ? `${base}/modules` : 'modules';
  if (await isCloned(info.gitDir, w.name)) {
    return { dir: moduleDir(info.gitDir, w.name), label: `${modules}/${w.name}`, root: join(info.gitDir, 'modules'), rootLabel: modules };
  }
  // Clones from before git 1.7.8 (and `git clone` into the work tree by hand) hold the repository there.
  if (info.bare || unsafeName(w.path)) return undefined;
  const top = await runGit(m.repo, ['rev-parse', '--show-toplevel']).catch(() => undefined);
  const dir = top?.code === 0 ? top.stdout.toString('utf8').trim() : '';
  if (!dir) return undefined;
  const old = join(dir, w.path, '.git');
  // lstat: a `.git` symlink is not followed; a `.git` file points into modules/, checked above.
  const st = await lstat(old).catch(() => undefined);
  return st?.isDirectory() ? { dir: old, label: `${w.full}/.git`, root: dir, rootLabel: 'the work tree' } : undefined;
}
