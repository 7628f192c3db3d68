// Warnings on stderr while the scan runs: one short line each for the first few, then one
// closing line with the counts by kind; every one in full with -v; with --quiet only the
// closing line, and only when the scan was incomplete. Redacted and escaped before printing.
import type { Engine } from '../engine/detect.js';
import type { Finding, ScanResult, ScanWarning } from '../types.js';
import { redactLive } from '../report/index.js';
import { countsText } from '../report/describe.js';
import { warningLine } from '../report/warning-line.js';

/** Live lines without -v; the report lists them all. */
export const LIVE_WARNINGS = 10;

export interface LiveWarningArgs {
  showSecrets: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

export interface LiveWarnings {
  onWarning(w: ScanWarning, found: () => Finding[]): void;
  /** The closing line(s), once the result is known. */
  finish(result: ScanResult): string[];
}

/**
 * `write` prints one line (progress, when shown, clears itself first). `engineOf` makes the
 * engine that finds secrets in a line (a path named after a key), only if a line is printed.
 */
export function liveWarnings(args: LiveWarningArgs, write: (line: string) => void, engineOf: () => Engine): LiveWarnings {
  let n = 0;
  const limit = args.verbose ? Infinity : LIVE_WARNINGS;
  return {
    onWarning(w, found) {
      if (args.quiet || ++n > limit) return;
      // Redacted first (a secret's spans are in the raw text), then shortened and escaped.
      const raw = `${w.path}\0${w.message}`;
      const [path, message] = (args.showSecrets ? raw : redactLive(raw, engineOf(), found())).split('\0');
      write(`keyhound: warning: ${w.kind}: ${warningLine({ kind: w.kind, path: path ?? '', message: message ?? '' }, { verbose: args.verbose })}`);
    },
    finish(result) {
      const s = result.summary;
      const unshown = s.warnings - Math.min(s.warnings, limit);
      if (!s.warnings || (s.complete && (args.quiet || !unshown))) return [];
      const counts = `${s.warnings} warning${s.warnings === 1 ? '' : 's'} (${countsText(s.warningsByKind)})`;
      if (args.quiet) return [`keyhound: scan incomplete: ${counts}`];
      const more = unshown ? `; ${unshown} not shown here (-v shows each)` : '';
      return [`keyhound: ${s.complete ? 'notes' : 'scan incomplete'}: ${counts}${more}; every one is in the report`];
    },
  };
}
