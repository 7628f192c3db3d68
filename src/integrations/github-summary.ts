// From keyhound's SARIF (already redacted): the workflow annotations and the step-summary
// table. Pure: strings in, strings out. One scan feeds code scanning, annotations and summary.
import { command } from '../report/github.js';

interface SarifRegion { startLine?: number; startColumn?: number; endLine?: number; endColumn?: number }
interface SarifResult {
  ruleId: string;
  level: string;
  message: { text: string };
  locations?: Array<{ physicalLocation?: { artifactLocation: { uri: string }; region?: SarifRegion }; logicalLocations?: Array<{ fullyQualifiedName: string }> }>;
  properties?: { verification?: { status: string } };
}
interface SarifLog {
  runs: Array<{ results: SarifResult[]; invocations?: Array<{ toolExecutionNotifications?: unknown[] }>; properties?: { summary?: { complete?: boolean; warnings?: number; filesScanned?: number } } }>;
}

export interface Row { rule: string; where: string; status: string; file?: string; region?: SarifRegion; message: string }

export function rows(sarif: SarifLog): Row[] {
  return (sarif.runs[0]?.results ?? []).flatMap((r) =>
    (r.locations?.length ? r.locations : [{}]).map((loc) => {
      const phys = loc.physicalLocation;
      const file = phys ? decodeURIComponent(phys.artifactLocation.uri) : undefined;
      const where = file ? `${file}:${phys?.region?.startLine ?? 1}` : (loc.logicalLocations?.[0]?.fullyQualifiedName ?? '(no file)');
      return { rule: r.ruleId, where, status: r.properties?.verification?.status ?? 'not verified', file, region: phys?.region, message: r.message.text };
    }),
  );
}

/** `::error file=…,line=…::…` for each place (the file in the checkout; GitHub shows it on the diff). */
export function annotations(all: Row[]): string {
  return all
    .map((r) => {
      const props: Array<[string, string | number]> = r.file ? [['file', r.file]] : [];
      if (r.file && r.region?.startLine) {
        props.push(['line', r.region.startLine]);
        if (r.region.startColumn) props.push(['col', r.region.startColumn]);
        if (r.region.endLine) props.push(['endLine', r.region.endLine]);
        if (r.region.endColumn) props.push(['endColumn', r.region.endColumn]);
      }
      props.push(['title', `keyhound ${r.rule}`]);
      return command('error', props, `${r.message} at ${r.where}`) + '\n';
    })
    .join('');
}

/** Markdown for $GITHUB_STEP_SUMMARY: what was scanned, one table row per place. */
export function stepSummary(sarif: SarifLog, all: Row[], scanned: string): string {
  const s = sarif.runs[0]?.properties?.summary;
  const cell = (t: string) => t.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
  const lines = [`## keyhound: ${all.length ? `${all.length} secret location(s) found` : 'no secrets found'}`, '', `Scanned ${scanned}.`];
  if (s && s.complete === false) lines.push('', `**Incomplete scan**: ${s.warnings ?? 0} warning(s); see the job log.`);
  if (all.length) {
    lines.push('', '| rule | where | verification |', '|---|---|---|');
    for (const r of all) lines.push(`| ${cell(r.rule)} | \`${cell(r.where)}\` | ${cell(r.status)} |`);
  }
  return lines.join('\n') + '\n';
}
