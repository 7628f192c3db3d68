// The one AWS finding a whole-history scan reports for a key id, checked for its account:
// the common first half of the git-corner tests (tag messages, the git dir's files).
import { expect } from '@jest/globals';
import { runCli } from '../../helpers/cli.js';

export interface HistoryReport {
  summary: { extra?: Record<string, number> };
  findings: HistoryFinding[];
}

export interface HistoryFinding {
  aws?: { keyId: string; account: string };
  locations: Array<{ path: string; line: number; column: number; provenance: Record<string, unknown> }>;
}

/** `keyhound git DIR --show-secrets --format json`: exit 1, exactly one finding for `keyId`, with `account`. */
export function historyFinding(dir: string, keyId: string, account: string): { report: HistoryReport; finding: HistoryFinding } {
  const run = runCli(['git', dir, '--show-secrets', '--format', 'json']);
  expect(run.code).toBe(1);
  const report = JSON.parse(run.stdout) as HistoryReport;
  const found = report.findings.filter((x) => x.aws?.keyId === keyId);
  expect(found).toHaveLength(1);
  expect(found[0]!.aws!.account).toBe(account);
  return { report, finding: found[0]! };
}
