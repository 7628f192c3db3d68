// Wording shared by the reporters, so text, SARIF and GitHub say the same thing the same way.
import type { Finding, Severity, Summary, Verification } from '../types.js';
import { providerById } from '../providers/index.js';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

/** The facts the finding's provider holds about it, and that provider (none: no facts). */
function ownFacts(f: Finding) {
  const provider = providerById(f.provider);
  const facts = provider ? f.facts?.[provider.id] : undefined;
  return facts === undefined ? undefined : { provider: provider!, facts };
}

/** What the provider says about a finding's key (e.g. account, key type, canary owner). Empty without facts. */
export function providerFacts(f: Finding): string[] {
  const own = ownFacts(f);
  return own?.provider.describe?.(own.facts) ?? [];
}

/** SARIF result properties the provider takes from its facts. */
export function providerProperties(f: Finding): Record<string, unknown> {
  const own = ownFacts(f);
  return own?.provider.sarifProperties?.(own.facts) ?? {};
}

export function verificationText(v: Verification): string {
  const details = [v.arn, v.reason].filter(Boolean).join(', ');
  return `verification ${v.status}${details ? ` (${details})` : ''}`;
}

/** A one-line description of a finding (its secret is whatever prepare() left in it). */
export function findingMessage(f: Finding): string {
  const facts = [...providerFacts(f)];
  if (f.verification) facts.push(verificationText(f.verification));
  return [`${f.ruleName}: ${f.secret}`, ...facts].join(' · ');
}

export function severityCounts(findings: Finding[]): Array<[Severity, number]> {
  return SEVERITIES.map((s): [Severity, number] => [s, findings.filter((f) => f.severity === s).length]).filter(
    ([, n]) => n > 0,
  );
}

export function humanBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}

export function humanDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** `kind n, kind n` for a partial record of counts, in insertion order. */
export function countsText(counts: Partial<Record<string, number>>): string {
  return Object.entries(counts)
    .filter(([, n]) => n)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * What was scanned, in the source's own unit: a history or the index holds blobs (and commit
 * messages), not files; a tree holds files. The source's counters say which (summary.extra).
 */
export function scannedText(s: Summary): { label: string; value: string } {
  const n = (k: string) => (typeof s.extra?.[k] === 'number' ? (s.extra[k] as number) : undefined);
  const bytes = humanBytes(s.bytesScanned);
  if (n('commits') !== undefined || n('stagedFiles') !== undefined) {
    const messages = n('messages') ?? 0;
    const what = [plural(n('blobs') ?? 0, 'blob'), ...(messages ? [plural(messages, 'commit message')] : [])];
    // --recurse-submodules: the count is of several repositories.
    const subs = n('submodulesScanned');
    return { label: 'scanned', value: `${what.join(', ')} (${bytes})${subs ? ` in the superproject and ${plural(subs, 'submodule')}` : ''}` };
  }
  return { label: 'files scanned', value: `${s.filesScanned} (${bytes})` };
}

/** The plain one-line summary (GitHub log line, and the tail of every text report). */
export function summaryLine(s: Summary): string {
  const parts = [
    `${s.findings} finding${s.findings === 1 ? '' : 's'}`,
    scannedText(s).label === 'files scanned' ? `${s.filesScanned} files (${humanBytes(s.bytesScanned)})` : scannedText(s).value,
    `${s.warnings} warning${s.warnings === 1 ? '' : 's'}`,
    humanDuration(s.durationMs),
  ];
  return `keyhound: ${parts.join(', ')}${s.complete ? '' : ' — INCOMPLETE SCAN'}`;
}
