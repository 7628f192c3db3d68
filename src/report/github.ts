// GitHub Actions workflow commands: annotations on the PR diff, one per location.
import { outermost } from '../sources/provenance.js';
import { isNote } from './notes.js';
import type { Finding, Location, ScanResult, ScanWarning } from '../types.js';
import { findingMessage, summaryLine } from './describe.js';

const MAX_LOCATIONS = 10;

export function renderGithub(result: ScanResult): string {
  const lines: string[] = [];
  for (const f of result.findings) {
    for (const loc of f.locations.slice(0, MAX_LOCATIONS)) lines.push(annotation(f, loc));
  }
  for (const w of result.warnings) lines.push(warning(w));
  lines.push(summaryLine(result.summary));
  return lines.join('\n') + '\n';
}

function annotation(f: Finding, loc: Location): string {
  const origin = outermost(loc.provenance);
  // Annotate the file in the checkout (the archive, not its member); the message names the member.
  // A name is no line of the file: annotate the file itself.
  const props: Array<[string, string | number]> = 'path' in origin && loc.field ? [['file', origin.path]] : 'path' in origin
    ? [
        ['file', origin.path],
        ['line', loc.line],
        ['col', loc.column],
        ['endLine', loc.endLine],
        ['endColumn', loc.endColumn],
      ]
    : [];
  props.push(['title', `keyhound ${f.ruleId}`]);
  const extra = f.locations.length > MAX_LOCATIONS ? ` (${f.locations.length} locations, first ${MAX_LOCATIONS} annotated)` : '';
  return command('error', props, `${findingMessage(f)} at ${loc.path}:${loc.line}:${loc.column}${loc.field ? ` (in the ${loc.field})` : ''}${extra}`);
}

function warning(w: ScanWarning): string {
  const props: Array<[string, string]> = w.path ? [['file', w.path]] : [];
  props.push(['title', `keyhound ${w.kind}`]);
  return command(isNote(w.kind) ? 'notice' : 'warning', props, w.message);
}

export function command(name: string, props: Array<[string, string | number]>, message: string): string {
  const list = props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::${name}${list ? ' ' + list : ''}::${escapeData(message)}`;
}

/** Workflow-command data escaping (as in @actions/core): '%' first, then CR and LF. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values also end at ':' and ',', so those are escaped too. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
