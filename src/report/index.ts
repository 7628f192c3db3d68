// Registry of output formats. Reporters return strings and never print; the CLI writes.
import type { Finding, ScanResult, Severity } from '../types.js';
import type { Engine } from '../engine/detect.js';
import { renderCsv } from './csv.js';
import { renderBlocked } from './blocked.js';
import { renderGithub } from './github.js';
import { renderGitlab } from './gitlab.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { prepare } from './redact.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';

/** What a reporter needs to know about a rule (SARIF lists every rule, not only those that hit). */
export interface RuleMeta {
  id: string;
  name: string;
  description: string;
  severity: Severity;
}

export const FORMATS = ['text', 'json', 'sarif', 'github', 'junit', 'csv', 'gitlab', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export interface RenderOptions {
  showSecrets: boolean;
  color: boolean;
  rules: RuleMeta[];
  toolVersion: string;
  /** Every finding of the run, when the result lists fewer: their secrets are redacted too. */
  found?: readonly Finding[];
  /** The run's rules: what they find in warnings is redacted too (see prepare()). */
  engine?: Engine;
  /** Text: every warning in full, not grouped (-v). */
  verbose?: boolean;
  /**
   * --quiet: 'findings' = findings only, '' when there are none (text: no summary); 'blocked'
   * = the pre-commit hook's "commit blocked" message (text only, see blocked.ts).
   */
  quiet?: 'findings' | 'blocked';
  /** When the scan ended (gitlab's scan.end_time, the html page's date); now unless given (tests). */
  now?: Date;
}

export function render(format: Format, result: ScanResult, opts: RenderOptions): string {
  // Redaction happens here, once, before any reporter sees a finding.
  const prepared = prepare(result, { showSecrets: opts.showSecrets, found: opts.found, engine: opts.engine });
  if (opts.quiet && !prepared.findings.length) return '';
  if (opts.quiet === 'blocked') return renderBlocked(prepared);
  switch (format) {
    case 'text':
      return renderText(prepared, { color: opts.color, verbose: opts.verbose, findingsOnly: opts.quiet === 'findings' });
    case 'json':
      return renderJson(prepared, { toolVersion: opts.toolVersion });
    case 'sarif':
      return renderSarif(prepared, { rules: opts.rules, toolVersion: opts.toolVersion });
    case 'github':
      return renderGithub(prepared);
    case 'junit':
      return renderJunit(prepared, { rules: opts.rules });
    case 'csv':
      return renderCsv(prepared);
    case 'gitlab':
      return renderGitlab(prepared, { toolVersion: opts.toolVersion, endTime: opts.now ?? new Date() });
    case 'html':
      return renderHtml(prepared, { toolVersion: opts.toolVersion, now: opts.now ?? new Date() });
  }
}

export { prepare, redactFinding, redactLive, redactSecret } from './redact.js';
export { remediation } from './remediation.js';
