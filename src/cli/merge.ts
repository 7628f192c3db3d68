// `keyhound merge FILE…`: shard state files (or saved finding stores) into one report —
// findings deduplicated by fingerprint across repositories, in the store's one order, the
// per-repo rows of every shard, --verify optional here (each credential checked once).
import { readFileSync } from 'node:fs';
import type { CliIO } from './io.js';
import type { ScanArgs } from './run.js';
import type { RepoSummary } from '../audit/types.js';
import { withConfig, type FlagArgs } from './config.js';
import { UsageError } from './exit.js';
import { trapStopSignals } from './signals.js';
import { auditStages, finishAudit } from './repos-report.js';
import { FindingStore } from '../store/finding-store.js';
import { readState, recordStore } from '../audit/state.js';
import { compareText } from '../store/order.js';

export interface MergeCommandArgs extends ScanArgs {
  reports: string[];
}

export async function mergeCommand(flags: FlagArgs<MergeCommandArgs>, io: CliIO): Promise<number> {
  const started = Date.now();
  if (!flags.reports?.length) throw new UsageError('merge: name the shard state files (or saved stores) to merge');
  const args = await withConfig(flags, '.', io);
  const stages = await auditStages(args, io);
  const store = new FindingStore({ origin: 'merge' });
  const rows = new Map<string, RepoSummary>();
  for (const file of args.reports) {
    const text = read(file);
    if (text.trimStart().startsWith('{') && isSavedStore(text)) {
      store.merge(FindingStore.load(text));
      continue;
    }
    const state = readState(file);
    for (const w of state.warnings) io.stderr(`keyhound: merge: ${w}\n`);
    for (const rec of state.records.values()) {
      store.merge(recordStore(rec));
      rows.set(rec.repo, rec.row);
    }
  }
  const sorted = [...rows.values()].sort((a, b) => compareText(a.repo, b.repo));
  const stop = trapStopSignals(io);
  try {
    return await finishAudit(stages, { rows: sorted, store, warnings: [], moreWarnings: 0, bytes: 0, started }, args, io, stop);
  } finally {
    stop.dispose();
  }
}

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** A saved store is one JSON document with `findings`; a state file is one record a line. */
function isSavedStore(text: string): boolean {
  try {
    const doc = JSON.parse(text) as { findings?: unknown; repo?: unknown };
    return Array.isArray(doc.findings) && doc.repo === undefined;
  } catch {
    return false;
  }
}
