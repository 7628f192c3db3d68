// Shared by scan, git and staged: run the pipeline, write the report, choose the exit code.
import type { Source } from '../sources/source.js';
import type { Finding, ScanResult, ScanWarning } from '../types.js';
import { Engine } from '../engine/detect.js';
import { loadRules, RuleLoadError, type RuleSet } from '../rules/load.js';
import { scan, type ScanOptions } from '../scan.js';
import { redactLive, render, type Format } from '../report/index.js';
import { clean } from '../report/text.js';
import { VERSION } from '../version.js';
import type { CliIO } from './io.js';
import { EXIT, UsageError } from './exit.js';
import { providerOptions } from './provider-options.js';
import { checkOutput, writeOutput } from './output.js';
import { SIGNAL_EXIT, trapStopSignals } from './signals.js';
import { suppressStage, type SuppressArgs } from './suppress.js';
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
  /** The configuration file in effect (cli/config.ts merged its defaults into these args). */
  config?: Config;
  /** git, staged: path globs whose places are not reported (--exclude, the config's exclude). */
  excludePlaces?: string[];
  /** scan: the root allowlist paths are relative to. */
  allowRoot?: string;
}

/** Live warnings on stderr are capped; the report lists them all. */
const LIVE_WARNINGS = 20;

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

/** `root`: where the ignore files are, and what their paths are relative to (default: the current directory). */
export async function runScan(source: Source, args: ScanArgs, io: CliIO, opts: { eagerWorkers?: boolean; root?: string } = {}): Promise<number> {
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

  // SIGINT and SIGTERM: the first stops the scan (partial report), a second quits at once.
  // Trapped until the report is written, so a signal while it is written cannot cut it short.
  const stop = trapStopSignals(io);
  // One engine, made only if a warning or the report needs redacting.
  let engine: Engine | undefined;
  const engineOf = () => (engine ??= new Engine(ruleSet));
  const live = liveWarnings(args, io, engineOf);

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
    });
  } catch (e) {
    stop.dispose();
    throw e;
  }

  suppress.finish(result, stop.received !== undefined, io);
  const found = result.findings;
  if (args.onlyVerified) {
    result.findings = result.findings.filter((f) => f.verification?.status === 'live');
    result.summary.findings = result.findings.length;
  }
  const rules = [...ruleSet.rules, ...ruleSet.pairs].map((r) => ({ id: r.id, name: r.name, description: r.description, severity: r.severity }));
  const report = render(args.format, result, {
    showSecrets: args.showSecrets,
    color: args.color ?? (io.isTTY && !args.output && !io.env.NO_COLOR),
    rules,
    toolVersion: VERSION,
    found,
    engine: result.warnings.length && !args.showSecrets ? engineOf() : undefined,
  });
  try {
    if (output) writeOutput(output, report);
    else io.stdout(report);
  } finally {
    stop.dispose();
  }
  if (live.count() > 0 && !result.summary.complete) {
    io.stderr(`keyhound: scan incomplete: ${result.summary.warnings} warning(s), see the summary\n`);
  }
  return exitCode(result, args, stop.received ? SIGNAL_EXIT[stop.received] : false);
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

/** Warnings printed to stderr as they happen (the first LIVE_WARNINGS), redacted and escaped. */
export function liveWarnings(args: Pick<ScanArgs, 'showSecrets'>, io: CliIO, engineOf: () => Engine) {
  let n = 0;
  const onWarning = (w: ScanWarning, found: () => Finding[]) => {
    if (++n <= LIVE_WARNINGS) {
      // Redacted first (a secret's spans are in the raw text), then escaped: a path may hold a
      // newline or terminal escapes (file names are the scanned party's).
      const raw = `${w.path}\0${w.message}`;
      const [path, message] = (args.showSecrets ? raw : redactLive(raw, engineOf(), found())).split('\0');
      io.stderr(`keyhound: warning: ${w.kind}: ${clean(path ?? '')}: ${clean(message ?? '')}\n`);
    } else if (n === LIVE_WARNINGS + 1) io.stderr('keyhound: further warnings are listed in the report summary\n');
  };
  return { onWarning, count: () => n };
}

/** `interrupted`: false, or the exit code of the signal that stopped the scan (true = SIGINT's). */
export function exitCode(result: ScanResult, args: Pick<ScanArgs, 'failOn' | 'strict'>, interrupted: boolean | number): number {
  if (interrupted !== false) return interrupted === true ? EXIT.INTERRUPTED : interrupted;
  const failing =
    args.failOn === 'never' ? [] : args.failOn === 'live' ? result.findings.filter((f) => f.verification?.status === 'live') : result.findings;
  if (failing.length) return EXIT.FINDINGS;
  if (args.strict && !result.summary.complete) return EXIT.ERROR;
  return EXIT.OK;
}
