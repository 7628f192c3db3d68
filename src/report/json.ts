// Machine format. Objects are built field by field so the key order is stable whatever order
// the pipeline stages happened to create their objects in (diffs of reports stay readable).
// Undefined optional fields vanish in JSON.stringify, so absent means absent, not null.
import type { Finding, Location, Provenance, ScanResult, ScanWarning, Summary, Suppression } from '../types.js';

export const JSON_REPORT_VERSION = 1;

export function renderJson(result: ScanResult, opts: { toolVersion: string }): string {
  const report = {
    version: JSON_REPORT_VERSION,
    tool: { name: 'keyhound', version: opts.toolVersion },
    summary: summaryJson(result.summary),
    findings: result.findings.map(findingJson),
    warnings: result.warnings.map((w: ScanWarning) => ({ kind: w.kind, path: w.path, message: w.message })),
    suppressed: result.suppressed?.map(findingJson),
    unusedSuppressions: result.unusedSuppressions?.map(suppressionJson),
    repos: result.repos?.map((r) => ({ repo: r.repo, status: r.status, reason: r.reason, commits: r.commits, blobs: r.blobs, findings: r.findings, live: r.live, warnings: r.warnings, durationMs: r.durationMs })),
  };
  return JSON.stringify(report, null, 2) + '\n';
}

function summaryJson(s: Summary) {
  return {
    filesScanned: s.filesScanned,
    bytesScanned: s.bytesScanned,
    findings: s.findings,
    binarySkipped: s.binarySkipped,
    warnings: s.warnings,
    warningsByKind: s.warningsByKind,
    complete: s.complete,
    durationMs: s.durationMs,
    verification: s.verification,
    extra: s.extra,
    suppressed: s.suppressed,
  };
}

function findingJson(f: Finding) {
  return {
    ruleId: f.ruleId,
    ruleName: f.ruleName,
    fingerprint: f.fingerprint,
    severity: f.severity,
    secret: f.secret,
    match: f.match,
    entropy: Math.round(f.entropy * 1000) / 1000,
    locations: f.locations.map(locationJson),
    moreLocations: f.moreLocations,
    // Provider facts under their provider's id (one block per provider id), as the provider keeps them.
    ...f.facts,
    parts: f.parts?.map((p) => ({
      ruleId: p.ruleId,
      role: p.role,
      secret: p.secret,
      fingerprint: p.fingerprint,
      location: locationJson(p.location),
    })),
    verification: f.verification && {
      status: f.verification.status,
      reason: f.verification.reason,
      arn: f.verification.arn,
      account: f.verification.account,
      userId: f.verification.userId,
    },
  };
}

export function locationJson(l: Location) {
  return {
    repo: l.repo,
    path: l.path,
    line: l.line,
    column: l.column,
    endLine: l.endLine,
    endColumn: l.endColumn,
    provenance: provenanceJson(l.provenance),
    encoding: l.encoding,
    field: l.field,
    moreProvenance: l.moreProvenance,
    suppressed: l.suppressed?.map(suppressionJson),
  };
}

export function suppressionJson(s: Suppression) {
  return { kind: s.kind, source: s.source, reason: s.reason };
}

function provenanceJson(p: Provenance): Provenance {
  switch (p.kind) {
    case 'file':
      return { kind: p.kind, path: p.path };
    case 'staged':
      return { kind: p.kind, path: p.path, blob: p.blob };
    case 'stdin':
      return { kind: p.kind };
    case 'git':
      return {
        kind: p.kind,
        commit: p.commit,
        path: p.path,
        author: p.author,
        email: p.email,
        date: p.date,
        subject: p.subject,
        blob: p.blob,
        submodule: p.submodule,
      };
    case 'git-message':
    case 'git-author':
      return {
        kind: p.kind, commit: p.commit, author: p.author, email: p.email, date: p.date, subject: p.subject,
        ...(p.kind === 'git-message' && p.tag !== undefined ? { tag: p.tag } : {}),
        ...(p.submodule !== undefined ? { submodule: p.submodule } : {}),
      };
    case 'git-unreachable':
      return { kind: p.kind, blob: p.blob, ...(p.submodule !== undefined ? { submodule: p.submodule } : {}) };
    case 'archive':
      return { kind: p.kind, outer: provenanceJson(p.outer), inner: p.inner };
    case 'content': // never in a finding (runtime/join.ts joins it away); kept exhaustive
      return { kind: p.kind, id: p.id };
  }
}
