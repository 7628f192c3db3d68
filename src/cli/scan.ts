// `keyhound scan [paths..]`: files and directories, or stdin with "-".
import type { CliIO } from './io.js';
import { runScan, type ScanArgs } from './run.js';
import { UsageError } from './exit.js';
import { STDIN_ARG } from './options.js';
import type { Source } from '../sources/source.js';
import { stat } from 'node:fs/promises';

export interface ScanCommandArgs extends ScanArgs {
  /** Absent when none were given (then '.'). */
  paths?: string[];
  exclude: string[];
}

export async function scanCommand(args: ScanCommandArgs, io: CliIO): Promise<number> {
  const paths = args.paths?.length ? args.paths : ['.'];
  if (paths.includes(STDIN_ARG) && paths.length > 1) throw new UsageError('"-" (stdin) cannot be combined with paths');
  // Sources load lazily: stdin never pays for the directory walker.
  const source: Source = paths[0] === STDIN_ARG
    ? (await import('../sources/stdin.js')).stdinSource(io.stdin)
    : (await import('../sources/files.js')).filesSource({ paths, exclude: args.exclude });
  // A mistyped path must not pass as "nothing found": it is a usage error.
  const kinds = paths[0] === STDIN_ARG ? [] : await Promise.all(paths.map((p) => stat(p).then((s) => s.isDirectory(), () => null)));
  const missing = paths.filter((_, i) => kinds[i] === null);
  if (missing.length) throw new UsageError(`no such file or directory: ${missing.join(', ')}`);
  // A directory is usually big enough to want every core from the start; stdin or a file is not.
  const big = kinds.some(Boolean);
  // Ignore files are read at the scan root: the one directory scanned, else the current one.
  const root = paths.length === 1 && kinds[0] ? paths[0]! : '.';
  return runScan(source, args, io, { eagerWorkers: big, root, phase: paths[0] === STDIN_ARG ? 'stdin' : 'walking' });
}
