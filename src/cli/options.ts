// Turning flag values into typed options (no yargs here: main.ts is its only importer).
import { readFileSync } from 'node:fs';
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

/** Account ids from --skip-account and --skip-accounts-file, checked to be 12 digits. */
export function skipAccounts(ids: string[], file: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const add = (id: string, where: string) => {
    if (!/^\d{12}$/.test(id)) throw new UsageError(`${where}: '${id}' is not a 12-digit AWS account id`);
    out.set(id, 'skip list');
  };
  for (const id of ids) add(id.trim(), '--skip-account');
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new UsageError(`--skip-accounts-file: cannot read ${file}: ${(e as NodeJS.ErrnoException).code}`);
    }
    text.split(/\r?\n/).forEach((line, i) => {
      const id = line.replace(/#.*/, '').trim();
      if (id) add(id, `${file}:${i + 1}`);
    });
  }
  return out;
}
