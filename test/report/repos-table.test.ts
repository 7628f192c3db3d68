// Org audits in every format: the per-repo table (text), `repos[]` and `locations[].repo`
// (JSON), the `repo` column (CSV) and location property (SARIF); a repo name carrying a secret
// is redacted like a path; the store keeps one place per repository.
import { describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { render } from '../../src/report/index.js';
import { reposTable } from '../../src/report/repos-table.js';
import { clean } from '../../src/report/text.js';
import { FindingStore } from '../../src/store/finding-store.js';
import type { RepoSummary } from '../../src/audit/types.js';
import { install } from '../../src/audit/scan-repo.js';
import { fileLoc, gitProvenance, pairFinding, result } from './fixtures.js';

const opts = { color: false, rules: [], toolVersion: '0.1.0', showSecrets: false };
const ROWS: RepoSummary[] = [
  { repo: 'https://git.example.com/org/a.git', status: 'scanned', commits: 12, blobs: 30, findings: 1, live: 1, warnings: 0, durationMs: 1500 },
  { repo: 'https://git.example.com/org/broken.git', status: 'failed', reason: 'clone failed: not found', commits: 0, blobs: 0, findings: 0, live: 0, warnings: 0, durationMs: 20 },
];

function audited() {
  const fx = pairFinding();
  const a = { ...fileLoc('deploy.env', 2, 19, gitProvenance('deploy.env')), repo: ROWS[0]!.repo };
  const b = { ...a, repo: 'https://git.example.com/org/b.git' };
  fx.finding.locations = [a, b];
  return { fx, res: result([fx.finding], { repos: ROWS }) };
}

describe('org audit reports', () => {
  it('text: the table, aligned, failed rows with their reason; places say their repo', () => {
    expect(reposTable(ROWS, clean)).toEqual([
      'Repositories',
      '  repo                                    status   commits  blobs  findings  live  warnings  duration',
      '  https://git.example.com/org/a.git       scanned       12     30         1     1         0    1.50 s',
      '  https://git.example.com/org/broken.git  failed         0      0         0     0         0     20 ms',
      '    clone failed: not found',
    ]);
    const text = render('text', audited().res, opts);
    expect(text).toContain('  at [https://git.example.com/org/a.git] deploy.env:2:19');
    expect(text).toContain('  at [https://git.example.com/org/b.git] deploy.env:2:19');
    expect(text.indexOf('Repositories')).toBeLessThan(text.indexOf('Summary'));
  });

  it('JSON, CSV and SARIF carry the repo of each place', () => {
    const { res } = audited();
    const json = JSON.parse(render('json', res, opts)) as { repos: RepoSummary[]; findings: Array<{ locations: Array<{ repo: string }> }> };
    expect(json.repos).toEqual(ROWS);
    expect(json.findings[0]!.locations.map((l) => l.repo)).toEqual([ROWS[0]!.repo, 'https://git.example.com/org/b.git']);
    const rows = parse(render('csv', res, opts), { columns: true, record_delimiter: '\r\n' }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.repo)).toEqual([ROWS[0]!.repo, 'https://git.example.com/org/b.git']);
    const sarif = JSON.parse(render('sarif', res, opts)) as { runs: Array<{ results: Array<{ locations: Array<{ properties: { repo: string } }> }> }> };
    expect(sarif.runs[0]!.results[0]!.locations.map((l) => l.properties.repo)).toEqual([ROWS[0]!.repo, 'https://git.example.com/org/b.git']);
  });

  it('a repo name holding a found secret is redacted, in rows and places', () => {
    const { fx, res } = audited();
    res.repos = [{ ...ROWS[0]!, repo: `https://git.example.com/${fx.keyId}.git` }];
    res.findings[0]!.locations[0]!.repo = res.repos[0]!.repo;
    for (const format of ['text', 'json', 'csv', 'sarif'] as const) expect(render(format, res, opts)).not.toContain(fx.keyId);
  });

  it('the store keeps the same place in two repositories as two places, repos in order', () => {
    const { fx } = audited();
    const store = new FindingStore({ origin: 'x' });
    const [a, b] = fx.finding.locations;
    install(store, { ...fx.finding, locations: [b!, a!] });
    const other = new FindingStore({ origin: 'y' });
    install(other, { ...structuredClone(fx.finding), locations: [structuredClone(a!)] });
    store.merge(other);
    expect(store.findings()[0]!.locations.map((l) => l.repo)).toEqual([a!.repo, b!.repo]);
    expect(FindingStore.load(store.save()).findings()[0]!.locations.map((l) => l.repo)).toEqual([a!.repo, b!.repo]);
  });
});
