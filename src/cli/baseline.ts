// `keyhound baseline [target] [--git] [--output FILE]`: the findings of a tree (as `scan`
// reports them) or of a whole history (as `git` does, with --git), written as a baseline.
// Inline markers and ignore files still apply (what they hide needs no baseline entry);
// an existing FILE is read first so its entries' notes (reason, by, date) are kept.
import { stat } from 'node:fs/promises';
import type { Source } from '../sources/source.js';
import type { ScanResult } from '../types.js';
import { Engine } from '../engine/detect.js';
import { scan } from '../scan.js';
import { loadBaseline } from '../suppress/load.js';
import type { BaselineEntry } from '../suppress/baseline.js';
import { renderBaseline, updateBaseline } from '../suppress/baseline.js';
import type { CliIO } from './io.js';
import { EXIT, UsageError } from './exit.js';
import { STDIN_ARG } from './options.js';
import { providerOptions } from './provider-options.js';
import { fromFlags, loadRulesOrExit, type ScanArgs } from './run.js';
import { liveWarnings } from './live-warnings.js';
import { SIGNAL_EXIT, trapStopSignals } from './signals.js';
import { suppressStage } from './suppress.js';
import { writeBaseline } from './baseline-file.js';
import { checkOutput } from './output.js';
import { withConfig, type FlagArgs } from './config.js';

export interface BaselineCommandArgs extends ScanArgs {
  target: string;
  git: boolean;
  exclude: string[];
  defaultExcludes?: boolean;
  allObjects: boolean;
  messages: boolean;
  recurseSubmodules?: boolean;
  reason?: string;
}

export async function baselineCommand(flags: FlagArgs<BaselineCommandArgs>, io: CliIO): Promise<number> {
  // The flags as given (a config's format or exclude is no misuse of this command).
  checkBaselineArgs(flags);
  const isDir = await stat(flags.target).then((s) => s.isDirectory(), () => null);
  if (isDir === null) throw new UsageError(`no such file or directory: ${flags.target}`);
  const root = isDir ? flags.target : '.';
  const args: BaselineCommandArgs = { ...(await withConfig(flags, root, io)), format: 'text' };
  const toStdout = args.output === STDIN_ARG;
  const file = args.output!;
  if (!toStdout) checkOutput(file);
  const old: BaselineEntry[] = toStdout ? [] : (await loadBaseline(file, true)).entries;
  const ruleSet = await loadRulesOrExit(args.rules, args.builtinRules, args.config);
  const stage = await suppressStage({ ...args, baseline: undefined, baselineUpdate: false }, root);
  const source = await sourceOf(args);
  const provided = await providerOptions(args as unknown as Record<string, unknown>);
  const stop = trapStopSignals(io);
  let engine: Engine | undefined;
  const live = liveWarnings(args, (line) => io.stderr(line + '\n'), () => (engine ??= new Engine(ruleSet)));
  let result: ScanResult;
  try {
    // A config's rules and allowlists, and (--git) its excludes, as scan and git apply them.
    const fromConfig = args.config ? { ruleConfig: args.config.rules, allowRoot: root, ...(args.git ? { excludePlaces: args.exclude } : {}) } : {};
    result = await scan(source, { ...fromFlags(args), ...fromConfig, ruleSet, extraCanaries: provided.canaries, eagerWorkers: isDir, suppress: stage.apply, signal: stop.signal, onWarning: live.onWarning });
    // An interrupted scan has not seen everything: a baseline of it would drop what it missed.
    if (stop.received) {
      io.stderr(`keyhound: baseline not written: the scan was interrupted\n`);
      return SIGNAL_EXIT[stop.received];
    }
    stage.finish(result, false, io);
    const complete = result.summary.complete;
    if (toStdout) io.stdout(renderBaseline(updateBaseline([], result.findings, args.reason).entries));
    else writeBaseline(file, old, result.findings, { complete, reason: args.reason }, io);
  } finally {
    stop.dispose();
  }
  if (!result.summary.complete) io.stderr(`keyhound: scan incomplete: ${result.summary.warnings} warning(s)\n`);
  return args.strict && !result.summary.complete ? EXIT.ERROR : EXIT.OK;
}

/** Flags of the scanning commands that mean nothing here are usage errors, not silently dropped. */
function checkBaselineArgs(args: FlagArgs<BaselineCommandArgs>): void {
  const unfit: Array<[boolean, string]> = [
    [args.verify, '--verify'],
    [args.onlyVerified, '--only-verified'],
    [args.baseline !== undefined, '--baseline'],
    [args.baselineUpdate, '--baseline-update'],
    [args.format !== undefined && args.format !== 'text', '--format'],
  ];
  const given = unfit.filter(([on]) => on).map(([, flag]) => flag);
  if (given.length) throw new UsageError(`baseline: ${given.join(', ')} cannot be used here (the baseline file is the output; check it with \`keyhound scan --baseline FILE\`)`);
  if (!args.git && (args.allObjects || !args.messages)) throw new UsageError('baseline: --all-objects and --no-messages need --git');
  if (!args.git && args.recurseSubmodules) throw new UsageError('baseline: --recurse-submodules needs --git');
  if (args.git && args.exclude?.length) throw new UsageError('baseline: --exclude applies to files, not to --git');
}

async function sourceOf(args: BaselineCommandArgs): Promise<Source> {
  if (!args.git) return (await import('../sources/files.js')).filesSource({ paths: [args.target], exclude: args.exclude, defaultExcludes: args.defaultExcludes });
  // The same history `git` scans, submodules too when asked, so its findings all match.
  const history = args.recurseSubmodules ? (await import('../sources/git/recurse.js')).recursiveGitSource : (await import('../sources/git/index.js')).gitSource;
  return history({ repo: args.target, allObjects: args.allObjects, maxFileBytes: args.maxFileSize, messages: args.messages });
}
