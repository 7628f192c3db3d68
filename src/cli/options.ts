// Turning flag values into typed options (no yargs here: main.ts is its only importer).
import { UsageError } from './exit.js';

/** Stands for a lone "-" (stdin) on the command line; yargs would swallow the real one. */
export const STDIN_ARG = '\u0000stdin';

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/** "256MB", "1.5g", "4096" → bytes. */
export function parseSize(v: string | number): number {
  if (typeof v === 'number') return v;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(v);
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new UsageError(`not a size: '${v}' (use e.g. 512KB, 256MB, 2GB)`);
  return Math.round(Number(m[1]) * unit);
}
