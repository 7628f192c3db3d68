// What every suppression mechanism read from a file (baseline, ignore files) offers the stage.
import type { Finding, Location, Suppression } from '../types.js';

export interface Suppressor {
  /** Every entry, so that the ones that hid nothing can be listed (--report-unused). */
  readonly entries: readonly Suppression[];
  /** Entries that hide the finding at every place (a baseline: by content fingerprint). */
  whole?(f: Finding): Suppression[];
  /** Entries that hide the finding at this place only (a path glob, a file:line). */
  at?(f: Finding, l: Location, root: string): Suppression[];
}

/** A suppression file that cannot be read or understood: the run stops (exit 2) saying where. */
export class SuppressFileError extends Error {
  override name = 'SuppressFileError';
}

/** Files written by hand are small; one from a scanned repo is bounded like any input. */
export const MAX_SUPPRESS_FILE = 8 * 1024 * 1024;

/** `#` starts a comment at the start of a line or after white space (a glob may hold `#`). */
export function splitComment(line: string): { text: string; comment?: string } {
  const m = /(^|\s)#/.exec(line);
  if (!m) return { text: line.trim() };
  const comment = line.slice(m.index + m[0].length).trim();
  return { text: line.slice(0, m.index).trim(), ...(comment && { comment }) };
}
