// Working-tree source: walk files and directories, yield each file once (as a chunk whose
// bytes a worker reads). The walk itself (links, loops, .git/, names that are not UTF-8,
// directories that cannot be read) is walk.ts. Size caps and read errors are reported by the
// reader (runtime/runner.ts), never dropped silently.
import { realpath, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import type { Chunk } from '../types.js';
import { named, type Source, type SourceContext } from './source.js';
import { excluder } from './exclude.js';
import { noteDefaultExcludes, withDefaultExcludes } from './default-excludes.js';
import { isStreamPath, streamPathChunk } from './stream.js';
import { walkDir, type FoundFile } from './walk.js';

export interface FilesOptions {
  paths: string[];
  exclude?: string[];
  /** Skip installed-dependency directories (default-excludes.ts), with a note. Default false. */
  defaultExcludes?: boolean;
}

export function filesSource(opts: FilesOptions): Source {
  return async function* (ctx: SourceContext) {
    const seenReal = new Set<string>();
    const skipped: string[] = [];
    for await (const files of walk(opts, ctx, seenReal, skipped)) {
      if (ctx.signal.aborted) return;
      // The bytes are read by the worker that takes the chunk (see Chunk.readFrom).
      yield files.map((f): Chunk =>
        named(ctx, f.stream ? streamPathChunk(f.abs, f.display, ctx.signal) : { id: f.display, bytes: EMPTY, readFrom: f.abs, provenance: [{ kind: 'file', path: f.display }] }),
      );
    }
  };
}

const EMPTY = new Uint8Array(0);
/** Real paths as latin1 strings: one char per byte (see walk.ts). */
const EXACT = { encoding: 'latin1' } as const;

/** A file to read; `stream`: named on the command line and not a regular file (see ./stream.ts). */
type FileRef = FoundFile & { stream?: boolean };

function toDisplay(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

/** Files to scan, in batches as the directory walk hands them over. */
async function* walk(opts: FilesOptions, ctx: SourceContext, seenReal: Set<string>, skipped: string[]): AsyncGenerator<FileRef[]> {
  for (const given of opts.paths) {
    let st;
    try {
      st = await stat(given);
    } catch (e) {
      ctx.warn({ kind: 'unreadable', path: given, message: `not scanned: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      continue;
    }
    if (st.isFile()) {
      const real = await realpath(given, EXACT);
      if (!seenReal.has(real)) {
        seenReal.add(real);
        yield [{ abs: given, display: toDisplay(given) }];
      }
      continue;
    }
    if (isStreamPath(st)) {
      // A FIFO, process substitution or device named by the user: read it as a stream.
      yield [{ abs: given, display: toDisplay(given), stream: true }];
      continue;
    }
    if (!st.isDirectory()) continue;
    const own = excluder(opts.exclude ?? [], resolve(given));
    const exclude = opts.defaultExcludes ? withDefaultExcludes(own, given, skipped) : own;
    const state = { exclude, seenReal, visitedDirs: new Set([await realpath(given, EXACT)]) };
    yield* walkDir({ path: given, display: given }, state, ctx);
  }
  noteDefaultExcludes(skipped, ctx);
}
