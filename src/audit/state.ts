// The state file of `keyhound repos --state FILE`: JSON lines, one record per finished
// repository, appended and fsync'd as each one finishes, so a run killed at any moment leaves
// every finished record whole (a torn last line is skipped with a warning). A record holds
// that repository's findings as a saved store — secrets included — so the file is mode 0600.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { RepoSummary } from './types.js';
import { FindingStore } from '../store/finding-store.js';

export const STATE_VERSION = 1;

export interface StateRecord {
  version: number;
  repo: string;
  /** ref → object id at the time of the scan. */
  heads: Record<string, string>;
  row: RepoSummary;
  /** The repository's findings: a saved store (src/store/saved.ts). */
  store: unknown;
}

export interface LoadedState {
  /** The latest record of each repository. */
  records: Map<string, StateRecord>;
  warnings: string[];
}

export function readState(file: string): LoadedState {
  const records = new Map<string, StateRecord>();
  const warnings: string[] = [];
  if (!existsSync(file)) return { records, warnings };
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const rec = JSON.parse(line) as StateRecord;
      if (rec.version !== STATE_VERSION || typeof rec.repo !== 'string' || !rec.row || !rec.store) throw new Error('not a state record');
      records.set(rec.repo, rec);
    } catch (e) {
      // Only the last line can be torn by a kill; any other bad line is damage, said the same way.
      const torn = i >= lines.length - 2;
      warnings.push(`${file}:${i + 1}: ${torn ? 'incomplete last record (run killed while writing?)' : (e as Error).message}; ignored`);
    }
  });
  return { records, warnings };
}

/** A record's findings as a store of their own. */
export function recordStore(rec: StateRecord): FindingStore {
  return FindingStore.load(JSON.stringify(rec.store));
}

/** Appends records, each on its own line and on disk before the next repository's is written. */
export class StateWriter {
  private readonly fd: number;

  constructor(file: string) {
    this.fd = openSync(file, 'a', 0o600);
    // A kill mid-line leaves a torn line: start on a fresh one so the next record stays whole.
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (text && !text.endsWith('\n')) writeSync(this.fd, '\n');
  }

  append(rec: Omit<StateRecord, 'version' | 'store'>, store: FindingStore): void {
    const line = JSON.stringify({ version: STATE_VERSION, ...rec, store: JSON.parse(store.save()) }) + '\n';
    writeSync(this.fd, line);
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}
