// --verify --fail-on live when some keys could not be checked (the provider's API
// unreachable, timeouts, throttling): an unchecked key may be live, so the run must not pass as if none were. The
// keys are named on stderr (redacted like the report) and the exit code is its own, 3.
import type { Finding, ScanResult } from '../types.js';
import { prepare } from '../report/index.js';
import { clean } from '../report/text.js';

/** Shown at most, one line each; the report lists them all. */
const MAX_LISTED = 20;

/** The findings whose verification could not say live or not. */
export function unverified(found: readonly Finding[]): Finding[] {
  return found.filter((f) => f.verification?.status === 'unknown');
}

/**
 * Lines for stderr: a headline with the count by reason, then (unless `brief`) each key with
 * its first location. Redacted (and escaped: paths are the scanned party's) unless showSecrets.
 */
export function unverifiedLines(keys: readonly Finding[], found: readonly Finding[], opts: { showSecrets: boolean; brief: boolean; exitCode: number }): string[] {
  if (!keys.length) return [];
  const reasons = new Map<string, number>();
  for (const f of keys) reasons.set(f.verification?.reason ?? 'unknown', (reasons.get(f.verification?.reason ?? 'unknown') ?? 0) + 1);
  const why = [...reasons].map(([r, n]) => `${r} ${n}`).join(', ');
  const n = keys.length;
  const lines = [
    `keyhound: --fail-on live: ${n} key${n === 1 ? '' : 's'} could not be verified (${why}) and may be live: verification incomplete${opts.exitCode ? `, exit ${opts.exitCode}` : ''}`,
  ];
  if (opts.brief) return lines;
  const shown: ScanResult = prepare({ summary: emptySummary(), findings: [...keys.slice(0, MAX_LISTED)], warnings: [] }, { showSecrets: opts.showSecrets, found });
  for (const f of shown.findings) {
    const at = f.locations[0];
    const where = at ? ` at ${clean(at.path)}:${at.line}:${at.column}` : '';
    lines.push(`  unknown ${clean(f.ruleId)} ${clean(f.secret)}${where} (${clean(f.verification?.reason ?? 'unknown')})`);
  }
  if (n > MAX_LISTED) lines.push(`  … and ${n - MAX_LISTED} more, listed in the report`);
  return lines;
}

function emptySummary(): ScanResult['summary'] {
  return { filesScanned: 0, bytesScanned: 0, findings: 0, binarySkipped: 0, warnings: 0, warningsByKind: {}, complete: true, durationMs: 0 };
}
