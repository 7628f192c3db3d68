// What `keyhound repos` and `keyhound merge` share after their findings are in one store:
// suppression once on the merged list, verification once per unique credential, the report
// (per-repo rows included), the exit code. The same stages as cli/run.ts, fed a store.
import type { ScanWarning } from '../types.js';
import type { RepoSummary } from '../audit/types.js';
import type { FindingStore } from '../store/finding-store.js';
import type { CliIO } from './io.js';
import { Engine } from '../engine/detect.js';
import { VERSION } from '../version.js';
import { EXIT } from './exit.js';
import { checkOutput, writeOutput } from './output.js';
import { providerOptions } from './provider-options.js';
import { exitCode, loadRulesOrExit, renderReport, type ScanArgs } from './run.js';
import { suppressStage } from './suppress.js';
import { SIGNAL_EXIT, type StopTrap } from './signals.js';
import { auditResult, failedRepos } from '../audit/result.js';
import type { RuleSet } from '../rules/load.js';

export interface AuditStages {
  ruleSet: RuleSet;
  output?: ReturnType<typeof checkOutput>;
  verify?: import('../verify/index.js').VerifyOptions;
}

/** Before anything runs: output checked, rules loaded, verify options made (a bad flag fails now). */
export async function auditStages(args: ScanArgs, io: CliIO): Promise<AuditStages> {
  if (args.onlyVerified && !args.verify) throw Object.assign(new Error('--only-verified needs --verify'), { exitCode: EXIT.ERROR });
  const output = args.output !== undefined ? checkOutput(args.output) : undefined;
  const ruleSet = await loadRulesOrExit(args.rules, args.builtinRules, args.config);
  if (!args.verify) return { ruleSet, output };
  const provided = await providerOptions(args as unknown as Record<string, unknown>);
  const userAgent = `keyhound/${VERSION}`;
  for (const notice of provided.notices(userAgent)) io.stderr(`keyhound: --verify: ${notice}\n`);
  return { ruleSet, output, verify: { timeoutMs: args.verifyTimeout, concurrency: args.verifyConcurrency, userAgent, providers: provided.verify } };
}

export interface AuditTotals {
  rows: RepoSummary[];
  store: FindingStore;
  warnings: ScanWarning[];
  moreWarnings: number;
  bytes: number;
  started: number;
}

/** Suppress, verify, report, and the exit code (1 findings; 2 a repository failed and nothing was found; 130/143 interrupted). */
export async function finishAudit(stages: AuditStages, t: AuditTotals, args: ScanArgs, io: CliIO, stop: StopTrap): Promise<number> {
  const suppress = await suppressStage(args, '.');
  const stage = suppress.apply(t.store.findings());
  const list = stage.findings;
  if (stages.verify && list.length && !stop.signal.aborted) {
    const { verifyFindings } = await import('../verify/index.js');
    // Each unique credential once, whatever number of repositories it was found in.
    await verifyFindings(list, { ...stages.verify, signal: stop.signal });
  }
  const result = auditResult(t.rows, list, t.warnings, { started: t.started, moreWarnings: t.moreWarnings, bytes: t.bytes });
  if (stages.verify) result.summary.verification = (await import('../verify/index.js')).summariseVerification(list);
  const { attachOutcome } = await import('../suppress/apply.js');
  attachOutcome(result, stage);
  suppress.finish(result, stop.received !== undefined, io);
  let engine: Engine | undefined;
  const report = renderReport(result, stages.ruleSet, args, io, () => (engine ??= new Engine(stages.ruleSet)), false);
  if (stages.output) writeOutput(stages.output, report);
  else if (report) io.stdout(report);
  const code = exitCode(result, args, stop.received ? SIGNAL_EXIT[stop.received] : false);
  // A repository that could not be scanned is no pass: the audit is incomplete.
  return code === EXIT.OK && failedRepos(result) > 0 ? EXIT.ERROR : code;
}
