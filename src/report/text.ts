// Default human format: one block per finding (one secret, all its locations), then a summary.
import { outermost } from '../sources/provenance.js';
import type { Finding, Location, ScanResult, Severity, Summary, ScanWarning } from '../types.js';
import { providerFacts, countsText, humanDuration, scannedText, severityCounts, verificationText } from './describe.js';
import { nextSteps } from './next-steps.js';
import { GROUP_OVER, groupedLines, warningLine } from './warning-line.js';
import { reposTable } from './repos-table.js';

export const MAX_LOCATIONS = 10;

type Style = 'bold' | 'dim' | 'red' | 'yellow' | 'cyan' | 'magenta';
const ANSI: Record<Style, string> = { bold: '1', dim: '2', red: '31', yellow: '33', cyan: '36', magenta: '35' };
const SEVERITY_STYLE: Record<Severity, Style[]> = {
  critical: ['bold', 'red'],
  high: ['red'],
  medium: ['yellow'],
  low: ['cyan'],
};

type Paint = (text: string, ...styles: Style[]) => string;

/** `findingsOnly` (--quiet): the finding blocks, no summary or warnings. */
export function renderText(result: ScanResult, opts: { color: boolean; verbose?: boolean; findingsOnly?: boolean }): string {
  const paint: Paint = (text, ...styles) =>
    opts.color && styles.length ? `\x1b[${styles.map((s) => ANSI[s]).join(';')}m${text}\x1b[0m` : text;
  const blocks = result.findings.map((f) => findingBlock(f, paint));
  if (!opts.findingsOnly) {
    if (result.repos) blocks.push(reposTable(result.repos, clean));
    blocks.push(summaryBlock(result.summary, result.findings, paint));
    if (result.warnings.length) blocks.push(warningsBlock(result.warnings, paint, !!opts.verbose));
  }
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
  // A pair is one block: its places, each with where its other parts sit when elsewhere.
  for (const loc of f.locations.slice(0, MAX_LOCATIONS)) lines.push(...locationLines(loc, '  at ', paint, partsNote(f, loc)));
  const more = f.locations.length + (f.moreLocations ?? 0) - Math.min(f.locations.length, MAX_LOCATIONS);
  if (more > 0) lines.push(`  … and ${more} more locations`);
  lines.push(...nextStepLines(f, paint));
  return lines;
}

/** The ways forward, one line each: revoke/rotate (the provider's hint), allow inline, baseline. */
function nextStepLines(f: Finding, paint: Paint): string[] {
  const steps = nextSteps(f);
  const lines = [`  ${paint('next', 'bold')}:`];
  if (steps.revoke) {
    lines.push(`    ${clean(steps.revoke.text)}`);
    for (const c of steps.revoke.commands) lines.push(`      ${clean(c)}`);
    lines.push(`      ${paint(steps.revoke.link, 'dim')}`);
  }
  if (steps.allow) lines.push(`    ${clean(steps.allow)}`);
  lines.push(`    ${steps.baseline}`);
  return lines;
}

/** ` (secret at 4:23)`: the parts of a pair not at the place itself, on the same path. */
function partsNote(f: Finding, loc: Location): string {
  const others = (f.parts ?? []).filter(
    (p) => p.location.path === loc.path && (p.location.line !== loc.line || p.location.column !== loc.column),
  );
  return others.map((p) => `${p.role} at ${p.location.line}:${p.location.column}`).join(', ');
}

function locationLines(loc: Location, label: string, paint: Paint, parts = ''): string[] {
  // Org audits: which repository, before the path inside it.
  const where = `${loc.repo ? `[${clean(loc.repo)}] ` : ''}${clean(loc.path)}:${loc.line}:${loc.column}`;
  const notes = [loc.field ? `in the ${loc.field === 'author' ? 'author' : 'name'}` : loc.encoding ? `decoded ${clean(loc.encoding)}` : '', parts].filter(Boolean);
  // Shown only with --no-suppress: what would have hidden this place.
  if (loc.suppressed?.length) notes.push(`suppressed by ${loc.suppressed.map((s) => clean(s.reason ? `${s.source}: ${s.reason}` : s.source)).join('; ')}`);
  const note = notes.length ? ` (${notes.join('; ')})` : '';
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
  const scanned = scannedText(s);
  const rows: Array<[string, string]> = [
    [scanned.label, scanned.value],
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

/** One line each; grouped by kind when many (verbose: each, in full). The JSON report has them all. */
function warningsBlock(warnings: ScanWarning[], paint: Paint, verbose: boolean): string[] {
  const lines = [paint('Warnings', 'bold')];
  if (verbose || warnings.length <= GROUP_OVER) {
    for (const w of warnings) lines.push(`  [${w.kind}] ${warningLine(w, { verbose })}`);
    return lines;
  }
  for (const line of groupedLines(warnings)) lines.push(`  ${line}`);
  lines.push(paint('  (each warning: --verbose, or --format json)', 'dim'));
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
