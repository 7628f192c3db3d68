// `keyhound git [repo]` (history, ranges, all objects) and `keyhound staged [repo]` (pre-commit).
import type { CliIO } from './io.js';
import { runScan, type ScanArgs } from './run.js';
import { EXIT, UsageError } from './exit.js';
// Not sources/git/index.js: a pre-commit run would load the whole history machinery too.
import { GitUsageError } from '../sources/git/exec.js';
import { stagedSource } from '../sources/git/staged.js';
import { withConfig, type FlagArgs } from './config.js';

export interface GitCommandArgs extends ScanArgs {
  repo: string;
  allObjects: boolean;
  since?: string;
  range?: string;
  messages: boolean;
  recurseSubmodules: boolean;
}

export async function gitCommand(flags: FlagArgs<GitCommandArgs>, io: CliIO): Promise<number> {
  if (flags.since && flags.range) throw new UsageError('--since and --range cannot be combined');
  // A range names the superproject's commits; a submodule's would need ranges of their own.
  if (flags.recurseSubmodules && (flags.since || flags.range)) {
    throw new UsageError(`--recurse-submodules scans each submodule's whole history and cannot be combined with --${flags.since ? 'since' : 'range'} (a range names the superproject's commits)`);
  }
  const args = await withConfig(flags, flags.repo, io);
  // The git source checks the repository itself (GitUsageError → exit 2): no extra git process.
  return withGitErrors(async () => {
    const { gitSource } = await import('../sources/git/history.js');
    const history = args.recurseSubmodules ? (await import('../sources/git/recurse.js')).recursiveGitSource : gitSource;
    const source = history({
      repo: args.repo,
      allObjects: args.allObjects,
      range: args.range ?? args.since,
      maxFileBytes: args.maxFileSize,
      messages: args.messages,
    });
    // A whole history wants its workers from the start (a pull-request range is often tiny),
    // and fewer of them than cores (see historyWorkerCount).
    const whole = !args.range && !args.since;
    let workers = args.workers;
    if (whole && workers === undefined) workers = (await import('../runtime/pool.js')).historyWorkerCount();
    return runScan(source, { ...args, workers, excludePlaces: args.exclude }, io, { eagerWorkers: whole, root: args.repo, phase: 'history' });
  });
}

export interface StagedCommandArgs extends ScanArgs {
  repo: string;
  allLines: boolean;
}

export async function stagedCommand(flags: FlagArgs<StagedCommandArgs>, io: CliIO): Promise<number> {
  const args = await withConfig(flags, flags.repo, io);
  // stagedSource reports a missing repository itself: no extra git process before a commit.
  return withGitErrors(async () => {
    return runScan(stagedSource({ repo: args.repo, maxFileBytes: args.maxFileSize, allLines: args.allLines }), { ...args, excludePlaces: args.exclude }, io, { root: args.repo, phase: 'staged', blocking: true });
  });
}

/** Not a repository, unknown revision: exit 2 with git's reason. */
async function withGitErrors(fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof GitUsageError) throw Object.assign(new Error(e.message), { exitCode: EXIT.ERROR });
    throw e;
  }
}
