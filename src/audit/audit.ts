// The audit of many repositories: each scanned on its own (bounded parallelism), its findings
// merged into one store as it finishes — one secret in N repos is one finding with N places —
// its record appended to the state file, its small summary row kept. Nothing else per repo
// stays in memory, so memory follows the findings, not the number of repositories.
import pLimit from 'p-limit';
import type { ScanWarning } from '../types.js';
import type { RepoSummary } from './types.js';
import { FindingStore } from '../store/finding-store.js';
import { scanRepo, type RepoScanOptions } from './scan-repo.js';
import { recordStore, type LoadedState, type StateWriter } from './state.js';
import type { RepoEntry } from './repo-list.js';

export interface AuditOptions extends RepoScanOptions {
  jobs: number;
  /** Records of an earlier run (--state): their repositories are not scanned again. */
  state?: LoadedState;
  writer?: StateWriter;
  /** Repositories in the state are fetched and re-audited for what changed (not taken as they are). */
  incremental?: boolean;
  /** A repository finished (progress line). */
  onRow?: (row: RepoSummary) => void;
}

export interface AuditOutcome {
  store: FindingStore;
  /** In LIST order. */
  rows: RepoSummary[];
  warnings: ScanWarning[];
  /** Warnings beyond those kept (each repo's count is in its row). */
  moreWarnings: number;
  bytesScanned: number;
}

/** Warnings kept for the report; each repo's row still counts all of its own. */
export const MAX_AUDIT_WARNINGS = 1000;

export async function audit(entries: RepoEntry[], o: AuditOptions): Promise<AuditOutcome> {
  const out: AuditOutcome = { store: new FindingStore({ origin: 'audit' }), rows: new Array(entries.length), warnings: [], moreWarnings: 0, bytesScanned: 0 };
  const limit = pLimit(Math.max(1, o.jobs));
  await Promise.all(entries.map((entry, i) => limit(() => one(entry, i, o, out))));
  out.rows = out.rows.filter(Boolean);
  return out;
}

async function one(entry: RepoEntry, i: number, o: AuditOptions, out: AuditOutcome): Promise<void> {
  const saved = o.state?.records.get(entry.repo);
  if (saved && !o.incremental) {
    out.store.merge(recordStore(saved));
    out.rows[i] = { ...saved.row, status: 'resumed', durationMs: 0 };
    o.onRow?.(out.rows[i]!);
    return;
  }
  // Stopped (SIGINT/SIGTERM): repositories not started are left for the next run.
  if (o.signal.aborted) return;
  const r = await scanRepo(entry, o, saved && { heads: saved.heads, store: recordStore(saved) });
  if (r.interrupted) {
    out.rows[i] = { ...r.row, status: 'failed', reason: 'interrupted' };
    return;
  }
  out.store.merge(r.store);
  out.bytesScanned += r.bytes;
  for (const w of r.warnings) {
    if (out.warnings.length < MAX_AUDIT_WARNINGS) out.warnings.push(w);
    else out.moreWarnings++;
  }
  // A failed repository is not finished: the next run tries it again.
  if (r.row.status === 'scanned' || r.row.status === 'updated') o.writer?.append({ repo: entry.repo, heads: r.heads, row: r.row }, r.store);
  out.rows[i] = r.row;
  o.onRow?.(r.row);
}
