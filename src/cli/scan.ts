// `keyhound scan [paths..]`: files and directories, or stdin with "-".
import type { CliIO } from './io.js';
import { runScan, type ScanArgs } from './run.js';
import { withConfig, type FlagArgs } from './config.js';
import { UsageError } from './exit.js';
import { STDIN_ARG } from './options.js';
import type { Source } from '../sources/source.js';
import { stat } from 'node:fs/promises';

export interface ScanCommandArgs extends ScanArgs {
  /** Absent when none were given (then '.'). */
  paths?: string[];
}

export async function scanCommand(flags: FlagArgs<ScanCommandArgs>, io: CliIO): Promise<number> {
  const paths = flags.paths?.length ? flags.paths : ['.'];
  if (paths.includes(STDIN_ARG) && paths.length > 1) throw new UsageError('"-" (stdin) cannot be combined with paths');
  // A mistyped path must not pass as "nothing found": it is a usage error.
  const kinds = paths[0] === STDIN_ARG ? [] : await Promise.all(paths.map((p) => stat(p).then((s) => s.isDirectory(), () => null)));
  const missing = paths.filter((_, i) => kinds[i] === null);
  if (missing.length) throw new UsageError(`no such file or directory: ${missing.join(', ')}`);
  // The scan root (the config, ignore files, and what their paths are relative to): the one
  // directory scanned, else the current one.
  const root = paths.length === 1 && kinds[0] ? paths[0]! : '.';
  const args = { ...(await withConfig(flags, root, io)), allowRoot: root };
  // Sources load lazily: stdin never pays for the directory walker.
  const source: Source = paths[0] === STDIN_ARG
    ? (await import('../sources/stdin.js')).stdinSource(io.stdin)
    : (await import('../sources/files.js')).filesSource({ paths, exclude: args.exclude, defaultExcludes: args.defaultExcludes });
  // A directory is usually big enough to want every core from the start; stdin or a file is not.
  const big = kinds.some(Boolean);
  return runScan(source, args, io, { eagerWorkers: big, root, phase: paths[0] === STDIN_ARG ? 'stdin' : 'walking' });
}
