// The CLI side of suppressions for scan, git and staged: the flags, the stage run() hands to
// scan() (ignore files at the scan root, then the baseline), and what is said afterwards
// (--report-unused, --baseline-update). The mechanisms themselves are src/suppress/.
import type { Finding, ScanResult, Suppression } from '../types.js';
import { applySuppressions, type SuppressOutcome } from '../suppress/apply.js';
import { ignoreFiles, loadBaseline } from '../suppress/load.js';
import type { CliIO } from './io.js';
import { UsageError } from './exit.js';
import { clean } from '../report/text.js';
import type { Config } from '../config/types.js';

export interface SuppressArgs {
  baseline?: string;
  baselineUpdate: boolean;
  /** false with --no-suppress. */
  suppress: boolean;
  reportUnused: boolean;
}

/** What the config file adds (cli/config.ts): its baseline, its allowlist entries. */
type WithConfig = SuppressArgs & { config?: Pick<Config, 'baseline' | 'rules'> };

/** The baseline the run compares with. The one place that reads it: --baseline, else the config's. */
export function baselinePath(args: WithConfig): string | undefined {
  return args.baseline ?? args.config?.baseline;
}

/** The config's allowlist entries, so --report-unused lists those that hid nothing. */
function declared(args: WithConfig): Suppression[] {
  return (args.config?.rules.allowlists ?? []).map((a) => {
    const reason = a.reason ?? a.description;
    return { kind: 'allowlist', source: a.source, ...(reason !== undefined ? { reason } : {}) };
  });
}

export interface SuppressStage {
  apply(findings: Finding[]): SuppressOutcome;
  /** Before the report: the baseline rewritten (--baseline-update), unused entries said. */
  finish(result: ScanResult, interrupted: boolean, io: CliIO): void;
}

/** Reads every suppression file now (a malformed one stops the run before anything is scanned). */
export async function suppressStage(args: WithConfig, root: string): Promise<SuppressStage> {
  const file = baselinePath(args);
  if (args.baselineUpdate && !file) throw new UsageError('--baseline-update needs --baseline FILE');
  if (args.baselineUpdate && !args.suppress) throw new UsageError('--baseline-update cannot be combined with --no-suppress (the baseline would take in what is suppressed)');
  const noSuppress = !args.suppress;
  const ignores = await ignoreFiles(root);
  const baseline = file ? await loadBaseline(file, args.baselineUpdate) : undefined;
  const writeBaseline = args.baselineUpdate ? (await import('./baseline-file.js')).writeBaseline : undefined;
  // What the baseline is compared with: the findings no other suppression hides.
  let candidates: Finding[] = [];
  return {
    apply(findings) {
      const first = applySuppressions(findings, { noSuppress, suppressors: ignores, root, declared: declared(args) });
      candidates = first.findings;
      if (!baseline) return first;
      const second = applySuppressions(first.findings, { noSuppress, suppressors: [baseline.suppressor], root });
      return {
        findings: second.findings,
        suppressed: [...first.suppressed, ...second.suppressed],
        hiddenWhole: first.hiddenWhole + second.hiddenWhole,
        unused: [...first.unused, ...second.unused],
      };
    },
    finish(result, interrupted, io) {
      if (args.reportUnused) {
        result.unusedSuppressions ??= [];
        sayUnused(result.unusedSuppressions, io);
      } else delete result.unusedSuppressions;
      if (!writeBaseline || !baseline) return;
      if (interrupted) io.stderr(`keyhound: baseline ${clean(baseline.file)} not updated: the scan was interrupted\n`);
      else writeBaseline(baseline.file, baseline.entries, candidates, { complete: result.summary.complete }, io);
    },
  };
}

function sayUnused(unused: readonly Suppression[], io: CliIO): void {
  if (!unused.length) io.stderr('keyhound: every suppression entry matched something\n');
  for (const s of unused) io.stderr(`keyhound: unused suppression: ${clean(s.source)} (${s.kind})${s.reason ? `: ${clean(s.reason)}` : ''}\n`);
}
