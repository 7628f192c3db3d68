// The directory walk: every file under a root once, symlinks followed without loops, .git/
// skipped, --exclude applied. What cannot be walked (a directory that cannot be read, a path
// over the OS limit, a link to nothing) is a warning with its path, never silence; names that
// are not UTF-8 are walked as bytes. Directories are listed with readdirSync: on the
// development VM, fs.promises.readdir over node_modules' 2,000 directories took 305-486 ms
// wall and ~0.3 s of system CPU (a thread-pool round trip per directory), readdirSync 35-42 ms
// and ~45 ms of CPU, on cores the workers need.
import { readdirSync } from 'node:fs';
import { readlink, realpath, stat } from 'node:fs/promises';
import type { Dirent, Stats } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { SourceContext } from './source.js';
import type { Excluder } from './exclude.js';
import { displayName, isUtf8Name, rawPath } from './names.js';

export interface FoundFile {
  /** What the reader opens: a path, or rawPath() bytes when a name on the way is not UTF-8. */
  abs: string;
  display: string;
}

export interface WalkState {
  exclude: Excluder;
  /** Real paths (as latin1 strings: exact bytes) of linked files already taken, over all roots. */
  seenReal: Set<string>;
  /** Real paths of the directories being walked: the root, then each linked directory. */
  visitedDirs: Set<string>;
}

interface Dir {
  /** What fs calls take: a string, or bytes once a name on the way is not UTF-8. */
  path: string | Buffer;
  display: string;
  /** Relative to the root, '/'-separated; '' for the root itself. */
  rel: string;
}

type Listing = Array<Dirent<string> | Dirent<Buffer>>;

const LINKS_AT_ONCE = 256;
/** Directories listed between two turns of the event loop (results in, batches out). */
const LISTINGS_PER_TURN = 64;
/** realpath's answers as latin1: one char per byte, so distinct byte names stay distinct. */
const EXACT = { encoding: 'latin1' } as const;

export async function* walkDir(root: { path: string; display: string }, st: WalkState, ctx: SourceContext): AsyncGenerator<FoundFile[]> {
  const pending: Dir[] = [{ path: root.path, display: root.display, rel: '' }];
  for (let listed = 1; pending.length; listed++) {
    if (ctx.signal.aborted) return;
    const dir = pending.pop()!;
    const listing = list(dir.path);
    if (!Array.isArray(listing)) {
      ctx.warn({ kind: 'unreadable', path: dir.display, message: `directory not scanned: ${why(listing)}` });
      continue;
    }
    const files = await entries(dir, listing, st, ctx, pending);
    if (files.length) yield files;
    if (listed % LISTINGS_PER_TURN === 0) await new Promise((r) => setImmediate(r));
  }
}

/** A directory's entries, names as strings unless some name is not UTF-8 (then as bytes). */
function list(path: string | Buffer): Listing | NodeJS.ErrnoException {
  try {
    if (typeof path === 'string') {
      const names = readdirSync(path, { withFileTypes: true });
      // Node turns bytes that are not UTF-8 into U+FFFD: such a name could not be opened.
      if (!names.some((d) => d.name.includes('\uFFFD'))) return names;
    }
    return readdirSync(path, { withFileTypes: true, encoding: 'buffer' });
  } catch (e) {
    return e as NodeJS.ErrnoException;
  }
}

/** Files of one listing; its subdirectories (and linked directories) go onto `pending`. */
async function entries(dir: Dir, listing: Listing, st: WalkState, ctx: SourceContext, pending: Dir[]): Promise<FoundFile[]> {
  const files: FoundFile[] = [];
  const links: Dir[] = [];
  const displayPrefix = dir.rel === '' ? toDisplay(prefixOf(dir.display)) : dir.display + '/';
  const relPrefix = dir.rel === '' ? '' : dir.rel + '/';
  const stringPrefix = typeof dir.path === 'string' ? prefixOf(dir.path) : undefined;
  for (const d of listing) {
    let name: string;
    let path: string | Buffer;
    if (typeof d.name === 'string' || isUtf8Name(d.name)) {
      name = d.name.toString();
      path = stringPrefix !== undefined ? stringPrefix + name : joinBytes(dir.path, Buffer.from(name));
    } else {
      name = displayName(d.name);
      path = joinBytes(dir.path, d.name);
      ctx.count('nonUtf8Names');
    }
    if (name === '.git') continue;
    const rel = relPrefix + name;
    const display = displayPrefix + name;
    if (d.isDirectory()) {
      if (!st.exclude.skips(rel, true)) pending.push({ path, display, rel });
    } else if (st.exclude.skips(rel, false)) {
      continue;
    } else if (d.isFile()) {
      files.push({ abs: readable(path), display });
    } else if (d.isSymbolicLink()) {
      links.push({ path, display, rel });
    } else {
      special(display, d, ctx);
    }
  }
  // Links (node_modules/.bin) are resolved many at once, not one round trip each; in slices,
  // so a directory of a million links does not queue two million fs calls.
  for (let i = 0; i < links.length; i += LINKS_AT_ONCE) {
    await Promise.all(links.slice(i, i + LINKS_AT_ONCE).map((l) => follow(l, st, ctx, pending, files)));
  }
  return files;
}

/** A link: to a file (taken once), to a directory (walked once: no loops), or to nothing (a note). */
async function follow(link: Dir, st: WalkState, ctx: SourceContext, pending: Dir[], files: FoundFile[]): Promise<void> {
  let real: string;
  let target: Stats;
  try {
    real = await realpath(link.path, EXACT);
    target = await stat(link.path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') {
      // Nothing to read: said (the target may be missing by mistake), but not "incomplete".
      const to = await readlink(link.path, { encoding: 'buffer' }).then(displayName, () => '?');
      const what = code === 'ELOOP' ? 'symlink loop' : 'symlink to nothing';
      ctx.warn({ kind: 'dangling-symlink', path: link.display, message: `${what} (${code}): -> ${to}; no content to scan` });
    } else {
      ctx.warn({ kind: 'unreadable', path: link.display, message: `symlink not followed: ${why(e as NodeJS.ErrnoException)}` });
    }
    return;
  }
  if (target.isDirectory()) {
    if (st.exclude.skips(link.rel, true)) return;
    if (st.visitedDirs.has(real) || isInside(real, st.visitedDirs)) {
      ctx.count('symlinkDirsSkipped');
      return;
    }
    st.visitedDirs.add(real);
    pending.push(link);
    return;
  }
  if (!target.isFile()) return special(link.display, target, ctx);
  // A link to a file inside a tree being walked is scanned there, as a regular file.
  if (st.seenReal.has(real) || isInside(real, st.visitedDirs)) return;
  st.seenReal.add(real);
  files.push({ abs: readable(link.path), display: link.display });
}

/** A fifo, socket or device inside a tree holds no stored content: a note, not a read (it could block forever). */
function special(display: string, type: FileType, ctx: SourceContext): void {
  ctx.warn({ kind: 'special-file', path: display, message: `not read: ${kindOf(type)} in a directory walk (name it on the command line to read it)` });
}

type FileType = Pick<Stats, 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice'>;

function kindOf(s: FileType): string {
  if (s.isFIFO()) return 'a fifo';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

function why(e: NodeJS.ErrnoException): string {
  if (e.code === 'ENAMETOOLONG') return 'ENAMETOOLONG (the path is longer than the system allows)';
  if (e.code === 'EACCES' || e.code === 'EPERM') return `${e.code} (permission denied)`;
  return e.code ?? e.message;
}

/**
 * What join(dir, p) puts before p: the normalised dir plus a separator ('' for '.'). Once per
 * directory: a prefix per entry gives the same strings as join() per entry, which showed in profiles.
 */
function prefixOf(dir: string): string {
  return join(dir, 'x').slice(0, -1);
}

/** A child's path as bytes (a name, or a parent, that is not UTF-8). */
function joinBytes(dir: string | Buffer, name: Buffer): Buffer {
  const d = typeof dir === 'string' ? Buffer.from(prefixOf(dir)) : dir[dir.length - 1] === SLASH[0] ? dir : Buffer.concat([dir, SLASH]);
  return Buffer.concat([d, name]);
}

const SLASH = Buffer.from(sep);

function toDisplay(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

function readable(path: string | Buffer): string {
  return typeof path === 'string' ? path : rawPath(path);
}

/** A directory already being walked (or inside one) would be scanned twice, or loop. */
export function isInside(real: string, roots: Set<string>): boolean {
  for (const r of roots) {
    const rel = relative(r, real);
    if (rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel))) return true;
  }
  return false;
}
