// Writing a baseline file (`keyhound baseline`, `--baseline-update`) and saying what changed.
import type { Finding } from '../types.js';
import { renderBaseline, updateBaseline, type BaselineEntry } from '../suppress/baseline.js';
import { clean } from '../report/text.js';
import type { CliIO } from './io.js';
import { checkOutput, writeOutput } from './output.js';

/** Changes listed one a line on stderr, up to this many of each kind. */
const LISTED = 20;

/**
 * Rewrite `file` as the baseline of `findings`, keeping the notes of entries still found.
 * After an incomplete scan nothing is dropped: what was not scanned is not gone.
 */
export function writeBaseline(file: string, old: readonly BaselineEntry[], findings: readonly Finding[], opts: { complete: boolean; reason?: string }, io: CliIO): void {
  const change = updateBaseline(old, findings, opts.reason);
  const kept = opts.complete ? [] : change.dropped;
  writeOutput(checkOutput(file), renderBaseline([...change.entries, ...kept]));
  const dropped = opts.complete ? change.dropped.length : 0;
  io.stderr(`keyhound: baseline ${clean(file)}: ${change.added.length} added, ${dropped} dropped, ${change.kept + kept.length} kept\n`);
  const line = (sign: string, e: BaselineEntry) => `  ${sign} ${clean(e.ruleId)} ${clean(e.redacted)} ${e.fingerprint.slice(0, 16)}\n`;
  for (const e of change.added.slice(0, LISTED)) io.stderr(line('+', e));
  if (opts.complete) for (const e of change.dropped.slice(0, LISTED)) io.stderr(line('-', e));
  const more = change.added.length + dropped - Math.min(change.added.length, LISTED) - Math.min(dropped, LISTED);
  if (more > 0) io.stderr(`  … and ${more} more\n`);
  if (!opts.complete && change.dropped.length) {
    io.stderr(`keyhound: the scan was incomplete: ${change.dropped.length} entr${change.dropped.length === 1 ? 'y' : 'ies'} not found were kept\n`);
  }
}
