// The per-repository table of an org audit (`keyhound repos`, `keyhound merge`) in the text
// report: one row per repository, failed ones with their reason.
import type { RepoSummary } from '../audit/types.js';
import { humanDuration } from './describe.js';

const HEAD = ['repo', 'status', 'commits', 'blobs', 'findings', 'live', 'warnings', 'duration'] as const;

/** `clean` escapes control characters (repo names come from a LIST or an API). */
export function reposTable(rows: RepoSummary[], clean: (s: string) => string): string[] {
  const cells = rows.map((r) => [clean(r.repo), r.status, String(r.commits), String(r.blobs), String(r.findings), String(r.live), String(r.warnings), humanDuration(r.durationMs)]);
  const widths = HEAD.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  // Text left-aligned, numbers right-aligned.
  const line = (c: readonly string[]) => c.map((v, i) => (i < 2 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ').trimEnd();
  const out = ['Repositories', `  ${line(HEAD)}`];
  rows.forEach((r, i) => {
    out.push(`  ${line(cells[i]!)}`);
    if (r.reason) out.push(`    ${clean(r.reason)}`);
  });
  return out;
}
