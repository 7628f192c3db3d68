// Shared by scan, git and staged: run the pipeline, write the report, choose the exit code.
import type { Source } from '../sources/source.js';
import type { ScanResult } from '../types.js';
import { Engine } from '../engine/detect.js';
import { loadRules, RuleLoadError, type RuleSet } from '../rules/load.js';
import { scan, type ScanOptions } from '../scan.js';
import { render, type Format, type RenderOptions } from '../report/index.js';
import { VERSION } from '../version.js';
import type { CliIO } from './io.js';
import { EXIT, UsageError } from './exit.js';
import { providerOptions } from './provider-options.js';
import { checkOutput, writeOutput } from './output.js';
import { SIGNAL_EXIT, trapStopSignals } from './signals.js';
import { suppressStage, type SuppressArgs } from './suppress.js';
import { unverified, unverifiedLines } from './unverified.js';
import { liveWarnings } from './live-warnings.js';
import { progressFor, type SourcePhase } from './progress.js';
import type { Config } from '../config/types.js';

export interface ScanArgs extends SuppressArgs {
  format: Format;
  output?: string;
  showSecrets: boolean;
  rules: string[];
  builtinRules: boolean;
  workers?: number;
  maxFileSize: number;
  maxDepth: number;
  maxArchiveSize: number;
  maxEntries: number;
  maxRatio: number;
  inlineAllow: boolean;
  strict: boolean;
  color?: boolean;
  verify: boolean;
  verifyTimeout: number;
  verifyConcurrency: number;
  onlyVerified: boolean;
  failOn: 'any' | 'live' | 'never';
  /** Findings only on stdout (nothing when none); stderr: one line if the scan was incomplete. */
  quiet?: boolean;
  /** -v: every warning live and in full, not grouped. */
  verbose?: boolean;
  /** The configuration file in effect (cli/config.ts merged its defaults into these args). */
  config?: Config;
  /** git, staged: path globs whose places are not reported (--exclude, the config's exclude). */
  excludePlaces?: string[];
  /** scan: the root allowlist paths are relative to. */
  allowRoot?: string;
}

/** `checkExamples`: a config's rule examples checked at load (rules check reports them itself). */
export async function loadRulesOrExit(extra: string[], builtin: boolean, config?: Config, checkExamples = true): Promise<RuleSet> {
  try {
    if (config) return await (await import('../config/rules.js')).loadConfiguredRules(extra, builtin, config, checkExamples);
    return await loadRules({ extra, builtin });
  } catch (e) {
    if (e instanceof RuleLoadError || (e as Error).name === 'ConfigError') throw Object.assign(new Error(e instanceof RuleLoadError ? e.message : (e as Error).message), { exitCode: EXIT.ERROR });
    throw Object.assign(new Error(`cannot load rules: ${(e as Error).message}`), { exitCode: EXIT.ERROR });
  }
}

/**
 * `root`: where the ignore files are, and what their paths are relative to (default: the current directory).
 * `blocking`: a pre-commit scan, whose findings with --quiet are a "commit blocked" message.
 */
export async function runScan(source: Source, args: ScanArgs, io: CliIO, opts: { eagerWorkers?: boolean; root?: string; phase?: SourcePhase; blocking?: boolean } = {}): Promise<number> {
  // Before anything is scanned: a mistyped --output fails now, not after the scan.
  const output = args.output !== undefined ? checkOutput(args.output) : undefined;
  const ruleSet = await loadRulesOrExit(args.rules, args.builtinRules, args.config);
  checkArgs(args);
  const suppress = await suppressStage(args, opts.root ?? '.');

  // Provider flags (main.ts) are read by their provider; the yargs argv carries them all.
  const provided = await providerOptions(args as unknown as Record<string, unknown>);
  const userAgent = `keyhound/${VERSION}`;
  const verify = args.verify
    ? { timeoutMs: args.verifyTimeout, concurrency: args.verifyConcurrency, userAgent, providers: provided.verify }
    : undefined;
  if (verify) for (const notice of provided.notices(userAgent)) io.stderr(`keyhound: --verify: ${notice}\n`);

  // Progress on stderr (a terminal only), erased before any other stderr line and before the report.
  const bar = progressFor(io, args.quiet, opts.phase ?? 'walking');
  const say = (line: string) => (bar?.clear(), io.stderr(line));
  // SIGINT and SIGTERM: the first stops the scan (partial report), a second quits at once.
  // Trapped until the report is written, so a signal while it is written cannot cut it short.
  const stop = trapStopSignals({ ...io, stderr: say });
  // One engine, made only if a warning or the report needs redacting.
  let engine: Engine | undefined;
  const engineOf = () => (engine ??= new Engine(ruleSet));
  const live = liveWarnings(args, (line) => say(line + '\n'), engineOf);

  let result: ScanResult;
  try {
    result = await scan(source, {
      ...fromFlags(args),
      extraCanaries: provided.canaries,
      ruleSet,
      ...(args.config ? { ruleConfig: args.config.rules } : {}),
      ...(args.excludePlaces?.length ? { excludePlaces: args.excludePlaces } : {}),
      ...(args.allowRoot !== undefined ? { allowRoot: args.allowRoot } : {}),
      eagerWorkers: opts.eagerWorkers,
      verify,
      suppress: suppress.apply,
      signal: stop.signal,
      onWarning: live.onWarning,
      onProgress: bar?.onProgress,
    });
  } catch (e) {
    stop.dispose();
    throw e;
  } finally {
    bar?.stop();
  }

  suppress.finish(result, stop.received !== undefined, io);
  const found = result.findings;
  const report = renderReport(result, ruleSet, args, io, engineOf, opts.blocking === true && exitCode(result, args, false) === EXIT.FINDINGS);
  try {
    if (output) writeOutput(output, report);
    else if (report) io.stdout(report);
  } finally {
    stop.dispose();
  }
  const code = exitCode(result, args, stop.received ? SIGNAL_EXIT[stop.received] : false);
  const closing = [...live.finish(result)];
  if (args.failOn === 'live') {
    closing.push(...unverifiedLines(unverified(found), found, { showSecrets: args.showSecrets, brief: !!args.quiet, exitCode: code === EXIT.UNVERIFIED ? code : 0 }));
  }
  for (const line of closing) io.stderr(line + '\n');
  return code;
}

/** The report as a string; --only-verified narrows what it lists (every secret is still redacted). */
export function renderReport(result: ScanResult, ruleSet: RuleSet, args: ScanArgs, io: CliIO, engineOf: () => Engine, blocked: boolean): string {
  const found = result.findings;
  if (args.onlyVerified) {
    // Keys that could not be checked may be live: they stay, marked unknown.
    result.findings = result.findings.filter((f) => f.verification?.status === 'live' || f.verification?.status === 'unknown');
    result.summary.findings = result.findings.length;
  }
  const rules = [...ruleSet.rules, ...ruleSet.pairs].map((r) => ({ id: r.id, name: r.name, description: r.description, severity: r.severity }));
  return render(args.format, result, {
    showSecrets: args.showSecrets,
    color: args.color ?? (io.isTTY && !args.output && !io.env.NO_COLOR),
    rules,
    toolVersion: VERSION,
    found,
    engine: result.warnings.length && !args.showSecrets ? engineOf() : undefined,
    verbose: args.verbose,
    quiet: quietMode(args, blocked),
  });
}

/** The scan options that come straight from flags. */
export function fromFlags(args: ScanArgs): ScanOptions {
  return {
    extraRules: args.rules,
    builtinRules: args.builtinRules,
    workers: args.workers,
    limits: {
      maxDepth: args.maxDepth,
      maxArchiveBytes: args.maxArchiveSize,
      maxEntries: args.maxEntries,
      maxRatio: args.maxRatio,
    },
    inlineAllow: args.inlineAllow,
    maxFileBytes: args.maxFileSize,
  };
}

/** Flags yargs cannot check by type alone; a wrong one is a usage error before anything runs. */
function checkArgs(args: ScanArgs): void {
  if (args.onlyVerified && !args.verify) throw new UsageError('--only-verified needs --verify');
  if (args.failOn === 'live' && !args.verify) throw new UsageError('--fail-on live needs --verify');
  const whole = (v: number | undefined, min: number, flag: string) => {
    if (v !== undefined && (!Number.isInteger(v) || v < min)) throw new UsageError(`${flag} takes a whole number ≥ ${min}`);
  };
  whole(args.workers, 0, '--workers');
  whole(args.maxDepth, 0, '--max-depth');
  whole(args.maxEntries, 1, '--max-entries');
  whole(args.verifyConcurrency, 1, '--verify-concurrency');
  whole(args.verifyTimeout, 1, '--verify-timeout');
  if (!(args.maxRatio > 1)) throw new UsageError('--max-ratio takes a number > 1');
}

/** --quiet: a report of findings only (to stdout; --output still gets the whole report). */
function quietMode(args: ScanArgs, blocked: boolean): RenderOptions['quiet'] {
  if (!args.quiet || args.output !== undefined) return undefined;
  return blocked && args.format === 'text' ? 'blocked' : 'findings';
}

/** `interrupted`: false, or the exit code of the signal that stopped the scan (true = SIGINT's). */
export function exitCode(result: ScanResult, args: Pick<ScanArgs, 'failOn' | 'strict'>, interrupted: boolean | number): number {
  if (interrupted !== false) return interrupted === true ? EXIT.INTERRUPTED : interrupted;
  const failing =
    args.failOn === 'never' ? [] : args.failOn === 'live' ? result.findings.filter((f) => f.verification?.status === 'live') : result.findings;
  if (failing.length) return EXIT.FINDINGS;
  // No live key, but some could not be checked: not a pass (see cli/unverified.ts).
  if (args.failOn === 'live' && (result.summary.verification?.unknown ?? 0) > 0) return EXIT.UNVERIFIED;
  if (args.strict && !result.summary.complete) return EXIT.ERROR;
  return EXIT.OK;
}
