// Working-tree source: walk files and directories, yield each file's bytes once.
// Skips .git/, follows symlinks without loops, and never drops a file silently: too large or
// unreadable files become warnings.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import fg from 'fast-glob';
import type { Chunk } from '../types.js';
import type { Source, SourceContext } from './source.js';
import type { DecodeLimits } from '../decode/index.js';

export interface FilesOptions {
  paths: string[];
  exclude?: string[];
  /** Files larger than this are not read whole (archives are streamed; others warned). */
  maxFileBytes: number;
  limits: DecodeLimits;
}

/** Files read ahead of the consumer, so disk waits overlap with matching. */
const READ_AHEAD = 32;

export function filesSource(opts: FilesOptions): Source {
  return async function* (ctx: SourceContext) {
    const seenReal = new Set<string>();
    const queue: Array<Promise<Chunk | null | AsyncIterable<Chunk>>> = [];
    for await (const file of walk(opts, ctx, seenReal)) {
      if (ctx.signal.aborted) return;
      queue.push(readOne(file, opts, ctx));
      if (queue.length >= READ_AHEAD) yield* drain(await queue.shift()!);
    }
    while (queue.length) {
      if (ctx.signal.aborted) return;
      yield* drain(await queue.shift()!);
    }
  };
}

async function* drain(item: Chunk | null | AsyncIterable<Chunk>): AsyncGenerator<Chunk> {
  if (!item) return;
  if (Symbol.asyncIterator in item) yield* item;
  else yield item;
}

interface FileRef {
  abs: string;
  display: string;
}

async function readOne(f: FileRef, opts: FilesOptions, ctx: SourceContext): Promise<Chunk | null | AsyncIterable<Chunk>> {
  const provenance = [{ kind: 'file' as const, path: f.display }];
  let read: Buffer | number;
  try {
    read = readSmall(f.abs, opts.maxFileBytes);
  } catch (e) {
    ctx.warn({ kind: 'unreadable', path: f.display, message: `not scanned: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
    return null;
  }
  if (typeof read !== 'number') return { id: f.display, bytes: read, provenance };
  // Too big to hold: containers are streamed entry by entry; anything else is reported.
  const { streamLargeFile } = await import('./large-file.js');
  const stream = await streamLargeFile(f.abs, provenance[0], opts.limits, ctx);
  if (stream) return stream;
  ctx.warn({ kind: 'size-cap', path: f.display, message: `not scanned: ${read} bytes is over the ${opts.maxFileBytes}-byte limit (--max-file-size)` });
  return null;
}

/**
 * The file's bytes, or its size when over `cap`. Synchronous on purpose: reads from the page
 * cache are ~10x faster this way than through the libuv pool, and matching runs in workers.
 * The buffer owns its memory, so it can be transferred to a worker without a copy.
 */
function readSmall(abs: string, cap: number): Buffer | number {
  const fd = openSync(abs, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size > cap) return size;
    const buf = Buffer.allocUnsafeSlow(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    return off === size ? buf : buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

function toDisplay(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

async function* walk(opts: FilesOptions, ctx: SourceContext, seenReal: Set<string>): AsyncGenerator<FileRef> {
  for (const given of opts.paths) {
    let st;
    try {
      st = await stat(given);
    } catch (e) {
      ctx.warn({ kind: 'unreadable', path: given, message: `not scanned: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      continue;
    }
    if (st.isFile()) {
      const real = await realpath(given);
      if (!seenReal.has(real)) {
        seenReal.add(real);
        yield { abs: given, display: toDisplay(given) };
      }
      continue;
    }
    if (!st.isDirectory()) continue;
    // Directories to walk: the given root, then symlinked directories found inside it.
    const dirs: Array<{ abs: string; display: string }> = [{ abs: given, display: given }];
    const visitedDirs = new Set<string>([await realpath(given)]);
    while (dirs.length) {
      if (ctx.signal.aborted) return;
      const dir = dirs.shift()!;
      const stream = fg.stream('**', {
        cwd: dir.abs,
        dot: true,
        onlyFiles: false,
        followSymbolicLinks: false,
        ignore: ['**/.git', ...(opts.exclude ?? [])],
        objectMode: true,
        suppressErrors: true,
        throwErrorOnBrokenSymbolicLink: false,
      });
      for await (const entry of stream as AsyncIterable<{ path: string; dirent: { isFile(): boolean; isSymbolicLink(): boolean; isDirectory(): boolean } }>) {
        const abs = join(dir.abs, entry.path);
        const display = toDisplay(dir.display === '.' ? entry.path : join(dir.display, entry.path));
        if (entry.dirent.isDirectory()) continue;
        if (entry.dirent.isSymbolicLink()) {
          let target;
          let real;
          try {
            real = await realpath(abs);
            target = await stat(real);
          } catch {
            continue; // a dangling link holds nothing to scan
          }
          if (target.isDirectory()) {
            if (visitedDirs.has(real) || isInside(real, visitedDirs)) {
              ctx.count('symlinkDirsSkipped');
              continue;
            }
            visitedDirs.add(real);
            dirs.push({ abs, display });
            continue;
          }
          if (!target.isFile() || seenReal.has(real)) continue;
          seenReal.add(real);
          yield { abs, display };
          continue;
        }
        if (!entry.dirent.isFile()) continue;
        yield { abs, display };
      }
    }
  }
}

/** A symlink to a directory already being walked (or inside one) would scan it twice or loop. */
function isInside(real: string, roots: Set<string>): boolean {
  for (const r of roots) {
    const rel = relative(r, real);
    if (rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel))) return true;
  }
  return false;
}
