// SARIF 2.1.0 for code-scanning upload (code hosts' scanning views, IDE viewers).
import { displayPath, outermost } from '../sources/provenance.js';
import { isNote } from './notes.js';
import type { Finding, Location, ScanResult, ScanWarning, Severity } from '../types.js';
import { findingMessage, providerProperties } from './describe.js';
import type { RuleMeta } from './index.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/keyhound/keyhound';
const MAX_LOCATIONS = 10;

type Level = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, Level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
// GitHub ranks alerts by this (a string, as in GitHub's docs): >= 9 critical, >= 7 high, >= 4 medium.
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };

export function renderSarif(result: ScanResult, opts: { rules: RuleMeta[]; toolVersion: string }): string {
  const rules = withFindingRules(opts.rules, result.findings);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'keyhound',
            version: opts.toolVersion,
            informationUri: INFORMATION_URI,
            rules: rules.map(ruleDescriptor),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: result.warnings.map(notification),
          },
        ],
        // Our columns count UTF-16 code units (see Span in types.ts); say so, viewers default otherwise.
        columnKind: 'utf16CodeUnits',
        results: result.findings.map((f) => sarifResult(f, ruleIndex.get(f.ruleId) ?? 0)),
        properties: { summary: result.summary },
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/** Every result needs a valid ruleIndex: add a descriptor for any rule the caller did not describe. */
function withFindingRules(metas: RuleMeta[], findings: Finding[]): RuleMeta[] {
  const rules = [...metas];
  const known = new Set(metas.map((r) => r.id));
  for (const f of findings) {
    if (known.has(f.ruleId)) continue;
    known.add(f.ruleId);
    rules.push({ id: f.ruleId, name: f.ruleName, description: f.ruleName, severity: f.severity });
  }
  return rules;
}

function ruleDescriptor(r: RuleMeta) {
  return {
    id: r.id,
    name: r.name,
    shortDescription: { text: r.name },
    fullDescription: { text: r.description },
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: { 'security-severity': SECURITY_SEVERITY[r.severity], tags: ['security', 'secret'] },
  };
}

function sarifResult(f: Finding, ruleIndex: number) {
  return {
    ruleId: f.ruleId,
    ruleIndex,
    // A key proven live is an incident whatever the rule's severity.
    level: f.verification?.status === 'live' ? 'error' : LEVEL[f.severity],
    message: { text: findingMessage(f) },
    locations: f.locations.slice(0, MAX_LOCATIONS).map(sarifLocation),
    partialFingerprints: { 'keyhound/v1': f.fingerprint },
    properties: {
      ...providerProperties(f),
      verification: f.verification,
      totalLocations: f.locations.length + (f.moreLocations ?? 0),
    },
  };
}

function sarifLocation(loc: Location) {
  const origin = outermost(loc.provenance);
  const properties: Record<string, string> = {};
  if (loc.encoding) properties.encoding = loc.encoding;
  // In a name, line and column count within the name, not the file: GitHub wants a region
  // all the same (startLine at least), so the file's first line, and `field` says why.
  if (loc.field) properties.field = loc.field;
  // Org audits: the URI stays relative to its repository's root; the repository is a property.
  if (loc.repo) properties.repo = loc.repo;
  if (origin.kind === 'git' || origin.kind === 'git-message' || origin.kind === 'git-author') {
    properties.commit = origin.commit;
    properties.author = `${origin.author} <${origin.email}>`;
    properties.date = origin.date;
  }
  // --recurse-submodules: the URI is the path in the superproject; which repository, a property.
  if ('submodule' in origin && origin.submodule !== undefined) properties.submodule = origin.submodule;

  // Commit messages, unreachable blobs and stdin are no file in the checkout: logical location only.
  const physical =
    'path' in origin
      ? {
          artifactLocation: { uri: toUri(origin.path) },
          region: loc.field ? { startLine: 1 } : { startLine: loc.line, startColumn: loc.column, endLine: loc.endLine, endColumn: loc.endColumn },
        }
      : undefined;
  const logicalLocations: Array<{ fullyQualifiedName: string; kind: string }> = [];
  if (loc.provenance.kind === 'archive') {
    // The region then counts lines of the archive member, not of the outer file.
    const full = displayPath(loc.provenance);
    properties.innerPath = full.slice(displayPath(origin).length + 1);
    logicalLocations.push({ fullyQualifiedName: full, kind: 'member' });
  } else if (!physical) {
    logicalLocations.push({ fullyQualifiedName: displayPath(origin), kind: 'resource' });
  }

  return {
    physicalLocation: physical,
    logicalLocations: logicalLocations.length ? logicalLocations : undefined,
    properties: Object.keys(properties).length ? properties : undefined,
  };
}

function notification(w: ScanWarning) {
  return {
    level: isNote(w.kind) ? 'note' : 'warning',
    message: { text: `${w.kind}: ${w.message}` },
    descriptor: { id: w.kind },
    locations: w.path ? [{ physicalLocation: { artifactLocation: { uri: toUri(w.path) } } }] : undefined,
  };
}

/** A relative URI reference: forward slashes, each segment percent-encoded (spaces, '#', '%', ':'…). */
export function toUri(path: string): string {
  return path
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .split('/')
    .map(encodeURIComponent)
    .join('/');
}
