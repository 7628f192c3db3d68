// GitLab's secret-detection report (`artifacts: reports: secret_detection`, the file GitLab
// names gl-secret-detection-report.json): findings then show in merge requests and the
// vulnerability report. Schema: GitLab's security-report-schemas, secret-detection format
// 15.x (version, vulnerabilities[], scan{analyzer, scanner, type, status, start_time,
// end_time}). One vulnerability per location, so each file:line is its own entry.
import { createHash } from 'node:crypto';
import { outermost } from '../sources/provenance.js';
import type { Finding, Location, ScanResult, Severity } from '../types.js';
import { findingMessage } from './describe.js';
import { remediation } from './remediation.js';

export const GITLAB_SCHEMA_VERSION = '15.2.1';
const TOOL = { id: 'keyhound', name: 'keyhound', url: 'https://github.com/keyhound/keyhound', vendor: { name: 'keyhound' } };
const SEVERITY: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };
/** GitLab's own analyzer says "no commit" this way for content outside history. */
const NO_COMMIT = '0000000';
/** Locations listed per finding (as in the text and GitHub formats); the rest are counted in JSON. */
const MAX_LOCATIONS = 100;

export function renderGitlab(result: ScanResult, opts: { toolVersion: string; endTime: Date }): string {
  const end = opts.endTime;
  const start = new Date(end.getTime() - result.summary.durationMs);
  const report = {
    version: GITLAB_SCHEMA_VERSION,
    vulnerabilities: result.findings.flatMap((f) => f.locations.slice(0, MAX_LOCATIONS).map((loc) => vulnerability(f, loc))),
    scan: {
      analyzer: { ...TOOL, version: opts.toolVersion },
      scanner: { ...TOOL, version: opts.toolVersion },
      type: 'secret_detection',
      // "failure" would hide the findings of a scan that is only incomplete; the warnings count is in the message.
      status: 'success',
      start_time: gitlabTime(start),
      end_time: gitlabTime(end),
      messages: result.summary.complete
        ? []
        : [{ level: 'warn', value: `incomplete scan: ${result.summary.warnings} warning(s); some content was not scanned` }],
    },
  };
  return JSON.stringify(report, null, 2) + '\n';
}

function vulnerability(f: Finding, loc: Location) {
  const origin = outermost(loc.provenance);
  const file = 'path' in origin ? origin.path : loc.path;
  const commit = origin.kind === 'git' ? { sha: origin.commit, author: `${origin.author} <${origin.email}>`, date: origin.date, message: origin.subject } : { sha: NO_COMMIT };
  const fix = remediation(f);
  return {
    // Stable across runs: the same secret at the same place is the same vulnerability.
    id: uuidOf(`${f.fingerprint}\0${file}\0${loc.line}\0${commit.sha}`),
    category: 'secret_detection',
    name: f.ruleName,
    description: `${findingMessage(f)} at ${loc.path}:${loc.line}:${loc.column}`,
    severity: SEVERITY[f.severity],
    // The hint and its commands: what a reviewer can act on from the merge request.
    ...(fix ? { solution: [fix.text, ...fix.commands].join('\n').slice(0, 7000) } : {}),
    identifiers: [{ type: 'keyhound_rule_id', name: `keyhound rule ${f.ruleId}`, value: f.ruleId }],
    location: { file, start_line: loc.line, end_line: loc.endLine, commit },
  };
}

/** YYYY-MM-DDTHH:MM:SS, in UTC: the schema's pattern takes no fraction and no zone. */
export function gitlabTime(d: Date): string {
  return d.toISOString().slice(0, 19);
}

function uuidOf(s: string): string {
  const h = createHash('sha256').update(s).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
