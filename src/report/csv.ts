// CSV (RFC 4180) for spreadsheets of audits: a header row, then one row per finding location
// (a secret seen in three places is three rows sharing a fingerprint). Pure: returns a string.
import { outermost } from '../sources/provenance.js';
import type { Finding, Location, ScanResult } from '../types.js';
import { providerFacts } from './describe.js';

export const CSV_COLUMNS = [
  'severity', 'rule_id', 'rule_name', 'secret', 'path', 'line', 'column', 'end_line', 'end_column',
  'field', 'encoding', 'commit', 'author', 'date', 'provider_facts', 'verification', 'verification_detail', 'fingerprint', 'repo',
] as const;

export function renderCsv(result: ScanResult): string {
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const f of result.findings) for (const loc of f.locations) rows.push(row(f, loc));
  // RFC 4180: CRLF after every record, the last one included.
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function row(f: Finding, loc: Location): string[] {
  const origin = outermost(loc.provenance);
  const git = origin.kind === 'git' || origin.kind === 'git-message' || origin.kind === 'git-author' ? origin : undefined;
  const v = f.verification;
  return [
    f.severity,
    f.ruleId,
    f.ruleName,
    f.secret,
    loc.path,
    String(loc.line),
    String(loc.column),
    String(loc.endLine),
    String(loc.endColumn),
    loc.field ?? '',
    loc.encoding ?? '',
    git?.commit ?? '',
    git ? `${git.author} <${git.email}>` : '',
    git?.date ?? '',
    providerFacts(f).join(' · '),
    v?.status ?? '',
    v ? [v.arn, v.reason].filter(Boolean).join(', ') : '',
    f.fingerprint,
    loc.repo ?? '',
  ];
}

/**
 * One field: quoted when it holds a comma, quote, CR or LF (quotes doubled), so a path or a
 * commit subject with any of them stays one field. A field a spreadsheet would run as a formula
 * (leading = + - @, tab or CR: file names are the scanned party's) gets a leading apostrophe.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
