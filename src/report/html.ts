// The HTML audit report: one self-contained page (html-page.ts) with the summary, the per-repo
// table of an org audit, the filters, and the findings grouped by provider then repository,
// live keys first, then by severity. Server-rendered, so it reads without the script too.
// It gets the result prepare() redacted; everything it prints goes through esc().
import type { Finding, ScanResult, ScanWarning, Summary } from '../types.js';
import type { RepoSummary } from '../audit/types.js';
import { countsText, humanBytes, humanDuration, scannedText, SEVERITIES, severityCounts } from './describe.js';
import { findingCard, providerOf, reposOf, statusOf } from './html-finding.js';
import { esc, filterSelect, page } from './html-page.js';
import { warningLine } from './warning-line.js';

/** Warnings listed in the page; the JSON report has them all. */
export const MAX_WARNINGS = 200;
const STATUSES = ['live', 'invalid', 'unknown', 'skipped', 'unverified'];

export function renderHtml(result: ScanResult, opts: { toolVersion: string; now: Date }): string {
  const body = [
    '<header><h1>keyhound report</h1>',
    `<div class="mut">keyhound ${esc(opts.toolVersion)} · ${esc(opts.now.toISOString())}</div></header>`,
    summarySection(result.summary, result.findings),
    result.repos ? reposSection(result.repos) : '',
    findingsSection(result.findings),
    warningsSection(result.warnings),
  ];
  return page('keyhound report', body.filter(Boolean).join('\n'));
}

function summarySection(s: Summary, findings: Finding[]): string {
  const scanned = scannedText(s);
  const bySeverity = countsText(Object.fromEntries(severityCounts(findings)));
  const rows: Array<[string, string]> = [
    [scanned.label, scanned.value],
    ['bytes', `${s.bytesScanned} (${humanBytes(s.bytesScanned)})`],
    ['findings', `${s.findings}${bySeverity ? ` (${bySeverity})` : ''}`],
    ['binary skipped', String(s.binarySkipped)],
    ['warnings', `${s.warnings}${countsText(s.warningsByKind) ? ` (${countsText(s.warningsByKind)})` : ''}`],
  ];
  if (s.suppressed) rows.push(['suppressed', String(s.suppressed)]);
  if (s.verification) rows.push(['verification', countsText(s.verification) || '0']);
  rows.push(['duration', humanDuration(s.durationMs)]);
  rows.push(['complete', s.complete ? 'yes' : 'NO — some content was not scanned, see the warnings']);
  const table = rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('\n');
  const banner = s.complete ? '' : '<p class="bad" id="incomplete">INCOMPLETE SCAN: some content was not scanned, see the warnings</p>';
  return `<section id="summary"><h2>Summary</h2>${banner}<table>\n${table}\n</table></section>`;
}

function reposSection(repos: RepoSummary[]): string {
  const head = ['repo', 'status', 'commits', 'blobs', 'findings', 'live', 'warnings', 'duration'];
  const rows = repos.map((r) => {
    const status = r.reason ? `${r.status}: ${r.reason}` : r.status;
    const nums = [r.commits, r.blobs, r.findings, r.live, r.warnings].map((n) => `<td class="n">${n}</td>`).join('');
    const cls = r.status === 'failed' ? ' class="bad"' : '';
    return `<tr><td><code>${esc(r.repo)}</code></td><td${cls}>${esc(status)}</td>${nums}<td class="n">${esc(humanDuration(r.durationMs))}</td></tr>`;
  });
  const thead = `<tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr>`;
  return `<section id="repos"><h2>Repositories (${repos.length})</h2><table>\n${thead}\n${rows.join('\n')}\n</table></section>`;
}

function findingsSection(findings: Finding[]): string {
  const distinct = (xs: string[]) => [...new Set(xs)].sort();
  const repos = distinct(findings.flatMap(reposOf));
  const severities = SEVERITIES.filter((s) => findings.some((f) => f.severity === s));
  const filters = [
    `<label>search <input type="search" id="q" placeholder="rule, path, commit, account…"></label>`,
    filterSelect('provider', 'provider', distinct(findings.map(providerOf))),
    filterSelect('severity', 'severity', severities),
    filterSelect('status', 'verification', STATUSES.filter((s) => findings.some((f) => statusOf(f) === s))),
    repos.length ? filterSelect('repo', 'repo', repos) : '',
    `<span id="count">${findings.length} of ${findings.length} findings shown</span>`,
  ];
  const groups = groupFindings(findings).map(([provider, byRepo]) => {
    const inner = byRepo.map(([repo, fs]) => {
      const heading = repo ? `<h3 class="repo-heading">${esc(repo)}</h3>` : '';
      return `<div class="group">${heading}\n${fs.map(findingCard).join('\n')}\n</div>`;
    });
    const n = byRepo.reduce((sum, [, fs]) => sum + fs.length, 0);
    return `<section class="group provider" data-provider="${esc(provider)}"><h2>${esc(provider)} (${n})</h2>\n${inner.join('\n')}\n</section>`;
  });
  const none = findings.length ? '' : '<p id="no-findings">No findings.</p>';
  return [`<section id="findings"><h2>Findings (${findings.length})</h2>`, `<div class="filters">${filters.filter(Boolean).join('\n')}</div>`, none, '</section>', ...groups].join('\n');
}

/** Lower ranks first: live keys, then by severity, then rule and fingerprint (stable output). */
function rank(f: Finding): number {
  return (statusOf(f) === 'live' ? 0 : 10) + SEVERITIES.indexOf(f.severity);
}

function byRank(a: Finding, b: Finding): number {
  return rank(a) - rank(b) || a.ruleId.localeCompare(b.ruleId) || a.fingerprint.localeCompare(b.fingerprint);
}

/** The label of a finding's repositories: one key in several repos is one finding, in one group. */
function repoLabel(f: Finding): string {
  const repos = reposOf(f);
  return repos.length <= 3 ? repos.join(', ') : `${repos.slice(0, 3).join(', ')} and ${repos.length - 3} more`;
}

type Groups = Array<[string, Array<[string, Finding[]]>]>;

/** Provider → repo label → findings; groups ordered by their best finding, then by name. */
export function groupFindings(findings: Finding[]): Groups {
  const byProvider = new Map<string, Map<string, Finding[]>>();
  for (const f of [...findings].sort(byRank)) {
    const repos = byProvider.get(providerOf(f)) ?? new Map<string, Finding[]>();
    byProvider.set(providerOf(f), repos);
    const label = repoLabel(f);
    const group = repos.get(label) ?? [];
    repos.set(label, group);
    group.push(f);
  }
  const best = (fs: Finding[]) => rank(fs[0]);
  const order = <T>(entries: Array<[string, T]>, score: (t: T) => number) =>
    entries.sort((a, b) => score(a[1]) - score(b[1]) || a[0].localeCompare(b[0]));
  const providers = [...byProvider].map(([p, repos]): [string, Array<[string, Finding[]]>] => [p, order([...repos], best)]);
  return order(providers, (repos) => Math.min(...repos.map(([, fs]) => best(fs))));
}

function warningsSection(warnings: ScanWarning[]): string {
  if (!warnings.length) return '';
  const items = warnings.slice(0, MAX_WARNINGS).map((w) => `<li><code>[${esc(w.kind)}]</code> ${esc(warningLine(w, { verbose: true }))}</li>`);
  if (warnings.length > MAX_WARNINGS) items.push(`<li class="mut">… and ${warnings.length - MAX_WARNINGS} more (--format json lists them all)</li>`);
  return `<section id="warnings"><h2>Warnings (${warnings.length})</h2><details open><summary>each warning</summary><ul>${items.join('')}</ul></details></section>`;
}
