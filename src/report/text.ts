// Default human format: one block per finding (one secret, all its locations), then a summary.
import { outermost } from '../sources/provenance.js';
import type { Finding, Location, ScanResult, Severity, Summary, ScanWarning } from '../types.js';
import { providerFacts, countsText, humanBytes, humanDuration, severityCounts, verificationText } from './describe.js';
import { remediation } from './remediation.js';

export const MAX_LOCATIONS = 10;
export const MAX_WARNINGS = 50;

type Style = 'bold' | 'dim' | 'red' | 'yellow' | 'cyan' | 'magenta';
const ANSI: Record<Style, string> = { bold: '1', dim: '2', red: '31', yellow: '33', cyan: '36', magenta: '35' };
const SEVERITY_STYLE: Record<Severity, Style[]> = {
  critical: ['bold', 'red'],
  high: ['red'],
  medium: ['yellow'],
  low: ['cyan'],
};

type Paint = (text: string, ...styles: Style[]) => string;

export function renderText(result: ScanResult, opts: { color: boolean }): string {
  const paint: Paint = (text, ...styles) =>
    opts.color && styles.length ? `\x1b[${styles.map((s) => ANSI[s]).join(';')}m${text}\x1b[0m` : text;
  const blocks = result.findings.map((f) => findingBlock(f, paint));
  blocks.push(summaryBlock(result.summary, result.findings, paint));
  if (result.warnings.length) blocks.push(warningsBlock(result.warnings, paint));
  return blocks.map((b) => b.join('\n')).join('\n\n') + '\n';
}

function findingBlock(f: Finding, paint: Paint): string[] {
  const lines = [`${paint(f.severity.toUpperCase(), ...SEVERITY_STYLE[f.severity])} ${paint(clean(f.ruleId), 'bold')} ${clean(f.ruleName)}`];
  lines.push(`  secret ${paint(clean(f.secret), 'magenta')}`);
  // What a .keyhoundignore entry names.
  lines.push(paint(`  fingerprint ${f.fingerprint}`, 'dim'));
  const facts = providerFacts(f).map((fact) => (fact.startsWith('CANARY') ? paint(clean(fact), 'bold', 'yellow') : clean(fact)));
  if (facts.length) lines.push(`  ${facts.join(' · ')}`);
  if (f.verification) {
    const style: Style[] = f.verification.status === 'live' ? ['bold', 'red'] : [];
    lines.push(`  ${paint(clean(verificationText(f.verification)), ...style)}`);
  }
  const fix = remediation(f);
  if (fix) lines.push(`  ${paint('fix', 'bold')}: ${clean(fix.text)}`);

  for (const loc of f.locations.slice(0, MAX_LOCATIONS)) lines.push(...locationLines(loc, '  at ', paint));
  const more = f.locations.length + (f.moreLocations ?? 0) - Math.min(f.locations.length, MAX_LOCATIONS);
  if (more > 0) lines.push(`  … and ${more} more locations`);
  for (const part of f.parts ?? []) lines.push(...locationLines(part.location, `  ${part.role} at `, paint));
  return lines;
}

function locationLines(loc: Location, label: string, paint: Paint): string[] {
  const where = `${clean(loc.path)}:${loc.line}:${loc.column}`;
  let note = loc.field ? ` (in the ${loc.field === 'author' ? 'author' : 'name'})` : loc.encoding ? ` (decoded ${clean(loc.encoding)})` : '';
  // Shown only with --no-suppress: what would have hidden this place.
  if (loc.suppressed?.length) note += ` (suppressed by ${loc.suppressed.map((s) => clean(s.reason ? `${s.source}: ${s.reason}` : s.source)).join('; ')})`;
  const first = `${label}${where}${note ? paint(note, 'dim') : ''}`;
  const origin = outermost(loc.provenance);
  const more = loc.moreProvenance ? ` +${loc.moreProvenance} more` : '';
  if (origin.kind === 'git' || origin.kind === 'git-message' || origin.kind === 'git-author') {
    const commit = [origin.commit.slice(0, 8), `${origin.author} <${origin.email}>`, origin.date.slice(0, 10), origin.subject];
    return [first, paint(`      ${clean(commit.join(' · '))}${more}`, 'dim')];
  }
  return more ? [first, paint(`      ${more.trim()}`, 'dim')] : [first];
}

function summaryBlock(s: Summary, findings: Finding[], paint: Paint): string[] {
  const bySeverity = countsText(Object.fromEntries(severityCounts(findings)));
  const rows: Array<[string, string]> = [
    ['files scanned', `${s.filesScanned} (${humanBytes(s.bytesScanned)})`],
    ['findings', `${s.findings}${bySeverity ? ` (${bySeverity})` : ''}`],
    ['binary skipped', String(s.binarySkipped)],
    ['warnings', `${s.warnings}${countsText(s.warningsByKind) ? ` (${countsText(s.warningsByKind)})` : ''}`],
  ];
  if (s.suppressed) rows.push(['suppressed', `${s.suppressed} (not shown: --no-suppress to see them)`]);
  if (s.verification) rows.push(['verification', countsText(s.verification) || '0']);
  rows.push(['duration', humanDuration(s.durationMs)]);
  const lines = [paint('Summary', 'bold'), ...rows.map(([k, v]) => `  ${k.padEnd(16)}${v}`)];
  if (!s.complete) lines.push(paint('INCOMPLETE SCAN: some content was not scanned, see the warnings', 'bold', 'red'));
  return lines;
}

function warningsBlock(warnings: ScanWarning[], paint: Paint): string[] {
  const lines = [paint('Warnings', 'bold')];
  for (const w of warnings.slice(0, MAX_WARNINGS)) lines.push(`  [${w.kind}] ${clean(w.path)}: ${clean(w.message)}`);
  if (warnings.length > MAX_WARNINGS) lines.push(`  … and ${warnings.length - MAX_WARNINGS} more warnings`);
  return lines;
}

/**
 * File names, commit subjects and matched text are attacker-controlled: show control and
 * bidi-override characters escaped so they cannot drive the terminal or reorder the output.
 */
export function clean(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const hex = c.charCodeAt(0).toString(16);
    return c.charCodeAt(0) <= 0xff ? `\\x${hex.padStart(2, '0')}` : `\\u${hex.padStart(4, '0')}`;
  });
}
