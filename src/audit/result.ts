// An audit's outcome as one ScanResult: the merged findings, the per-repo rows (findings and
// live keys counted from the final list, after suppression and verification), failed
// repositories as warnings too (so no report format can miss them), and summed totals.
import type { Finding, ScanResult, ScanWarning, Summary } from '../types.js';
import type { RepoSummary } from './types.js';

/** Warnings that mean content went unscanned (as the scan's own accounting counts them). */
const COMPLETE_KINDS = new Set<ScanWarning['kind']>(['binary', 'other', 'location-cap', 'empty-input', 'submodule', 'default-excluded', 'dangling-symlink', 'special-file']);

export function auditResult(rows: RepoSummary[], findings: Finding[], warnings: ScanWarning[], o: { started: number; moreWarnings: number; bytes: number }): ScanResult {
  const perRepo = new Map<string, { findings: number; live: number }>();
  for (const f of findings) {
    const repos = new Set(f.locations.map((l) => l.repo).filter((r): r is string => r !== undefined));
    for (const r of repos) {
      const c = perRepo.get(r) ?? { findings: 0, live: 0 };
      c.findings++;
      if (f.verification?.status === 'live') c.live++;
      perRepo.set(r, c);
    }
  }
  const finalRows = rows.map((r) => ({ ...r, findings: perRepo.get(r.repo)?.findings ?? 0, live: perRepo.get(r.repo)?.live ?? 0 }));
  const failed = finalRows.filter((r) => r.status === 'failed');
  const all = [...failed.map((r): ScanWarning => ({ kind: 'unreadable', path: r.repo, message: `repository not scanned: ${r.reason ?? 'failed'}` })), ...warnings];
  const byKind: Summary['warningsByKind'] = {};
  for (const w of all) byKind[w.kind] = (byKind[w.kind] ?? 0) + 1;
  const sum = (k: 'commits' | 'blobs') => finalRows.reduce((n, r) => n + r[k], 0);
  const summary: Summary = {
    filesScanned: sum('blobs'),
    bytesScanned: o.bytes,
    findings: findings.length,
    binarySkipped: 0,
    warnings: all.length + o.moreWarnings,
    warningsByKind: byKind,
    complete: all.every((w) => COMPLETE_KINDS.has(w.kind)),
    durationMs: Date.now() - o.started,
    extra: { repos: finalRows.length, reposFailed: failed.length, reposResumed: finalRows.filter((r) => r.status === 'resumed').length, commits: sum('commits'), blobs: sum('blobs') },
  };
  return { summary, findings, warnings: all, repos: finalRows };
}

/** Failed repositories (the exit code says the audit is incomplete). */
export const failedRepos = (r: ScanResult): number => (r.repos ?? []).filter((x) => x.status === 'failed').length;
