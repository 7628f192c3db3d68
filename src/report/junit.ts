// JUnit XML for CI systems that show test reports (GitLab, Jenkins, the common CI services).
// One test suite per rule: each finding (one secret, all its places) is a failing test case
// named after its first location; a rule that found nothing is one passing case, so a clean
// scan reads "N tests, 0 failures" rather than an empty report. A first suite, "keyhound",
// holds one case for the scan itself: skipped, with the warnings, when content went unscanned
// (the exit code, not the report, decides whether that fails the job: see --strict).
// Pure: returns a string.
import { outermost } from '../sources/provenance.js';
import type { Finding, ScanResult, ScanWarning } from '../types.js';
import { countsText, findingMessage, scannedText } from './describe.js';
import { nextSteps } from './next-steps.js';
import type { RuleMeta } from './index.js';

const MAX_LOCATIONS = 10;

interface Case {
  name: string;
  classname: string;
  file?: string;
  line?: number;
  /** XML of the case's children (failure, skipped, system-out). */
  body: string;
  failed: boolean;
  skipped: boolean;
}

export function renderJunit(result: ScanResult, opts: { rules: RuleMeta[] }): string {
  const seconds = (result.summary.durationMs / 1000).toFixed(3);
  const suites: Array<{ name: string; cases: Case[]; time?: string }> = [{ name: 'keyhound', cases: [scanCase(result)], time: seconds }];
  const byRule = new Map<string, Finding[]>(opts.rules.map((r) => [r.id, []]));
  for (const f of result.findings) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  for (const [ruleId, findings] of byRule) {
    const classname = `keyhound.${ruleId}`;
    const cases = findings.length ? findings.map((f) => findingCase(f, classname)) : [{ name: 'no findings', classname, body: '', failed: false, skipped: false }];
    suites.push({ name: classname, cases });
  }
  const all = suites.flatMap((s) => s.cases);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites ${attrs({ name: 'keyhound', ...counts(all), time: seconds })}>`];
  for (const s of suites) {
    out.push(`  <testsuite ${attrs({ name: s.name, ...counts(s.cases), ...(s.time ? { time: s.time } : {}) })}>`);
    for (const c of s.cases) out.push(caseXml(c));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

function counts(cases: Case[]) {
  return { tests: cases.length, failures: cases.filter((c) => c.failed).length, errors: 0, skipped: cases.filter((c) => c.skipped).length };
}

function caseXml(c: Case): string {
  const head = attrs({ name: c.name, classname: c.classname, ...(c.file !== undefined ? { file: c.file } : {}), ...(c.line !== undefined ? { line: c.line } : {}) });
  return c.body ? `    <testcase ${head}>\n${c.body}\n    </testcase>` : `    <testcase ${head}/>`;
}

/** The scan itself: passes when everything was scanned, skipped (with every warning) when not. */
function scanCase(result: ScanResult): Case {
  const s = result.summary;
  const what = scannedText(s);
  const scanned = `${what.label} ${what.value}, ${s.findings} finding(s)`;
  const out = [scanned, ...result.warnings.map(warningLine)].join('\n');
  const skipped = s.complete
    ? ''
    : `      <skipped ${attrs({ message: `scan incomplete: ${s.warnings} warning(s) (${countsText(s.warningsByKind)}); some content was not scanned` })}/>\n`;
  return { name: 'scan', classname: 'keyhound', body: `${skipped}      <system-out>${xml(out)}</system-out>`, failed: false, skipped: !s.complete };
}

function warningLine(w: ScanWarning): string {
  return `warning: ${w.kind}: ${w.path}: ${w.message}`;
}

function findingCase(f: Finding, classname: string): Case {
  const first = f.locations[0];
  const origin = first ? outermost(first.provenance) : undefined;
  const lines = f.locations.slice(0, MAX_LOCATIONS).map((l) => `at ${l.path}:${l.line}:${l.column}${l.field ? ` (in the ${l.field})` : ''}`);
  const more = f.locations.length + (f.moreLocations ?? 0) - lines.length;
  if (more > 0) lines.push(`… and ${more} more locations`);
  lines.push(`fingerprint ${f.fingerprint}`);
  const steps = nextSteps(f);
  if (steps.revoke) lines.push(steps.revoke.text, ...steps.revoke.commands.map((c) => `  ${c}`), `  ${steps.revoke.link}`);
  if (steps.allow) lines.push(steps.allow);
  lines.push(steps.baseline);
  const failure = `      <failure ${attrs({ message: findingMessage(f), type: f.severity })}>${xml(lines.join('\n'))}</failure>`;
  return {
    name: first ? `${first.path}:${first.line}:${first.column}` : f.fingerprint.slice(0, 12),
    classname,
    // The file in the checkout (an archive, not its member) for viewers that link to it.
    ...(origin && 'path' in origin ? { file: origin.path } : {}),
    ...(first && !first.field && first.provenance.kind !== 'archive' ? { line: first.line } : {}),
    body: failure,
    failed: true,
    skipped: false,
  };
}

function attrs(a: Record<string, string | number>): string {
  return Object.entries(a)
    .map(([k, v]) => `${k}="${xml(String(v), true)}"`)
    .join(' ');
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Text for XML 1.0: markup characters as entities; characters XML cannot hold at all (C0
 * controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF — a file name may carry any of them)
 * shown escaped as \uXXXX; in attributes tab, LF and CR as character references (a parser
 * would otherwise turn them into spaces).
 */
export function xml(s: string, attribute = false): string {
  const out = s
    .replace(/[&<>"']/g, (c) => ENTITIES[c]!)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return attribute ? out.replace(/[\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`) : out;
}
