// Reading suppression files: the ignore files at the scan root (when present) and a baseline
// (when named). Each is checked whole before anything is scanned: a malformed file stops
// the run (exit 2) naming file and line, rather than letting findings through or hiding them.
// Parsers load only for the files that exist (a pre-commit run without any stays fast).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BaselineEntry } from './baseline.js';
import { MAX_SUPPRESS_FILE, SuppressFileError, type Suppressor } from './suppressor.js';

export const IGNORE_FILES = { keyhound: '.keyhoundignore', gitleaks: '.gitleaksignore' } as const;

/** The text of a suppression file; undefined when it does not exist. */
export function readSuppressFile(file: string): string | undefined {
  let size: number;
  try {
    const st = statSync(file);
    // A FIFO or device would block or never end: only a regular file is read.
    if (!st.isFile()) throw new SuppressFileError(`${file}: not a regular file`);
    size = st.size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if (e instanceof SuppressFileError) throw e;
    throw new SuppressFileError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (size > MAX_SUPPRESS_FILE) throw new SuppressFileError(`${file}: ${size} bytes, over the ${MAX_SUPPRESS_FILE}-byte limit for a suppression file`);
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new SuppressFileError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** `.keyhoundignore` and `.gitleaksignore` at the scan root, those that exist. */
export async function ignoreFiles(root: string): Promise<Suppressor[]> {
  const out: Suppressor[] = [];
  const own = join(root, IGNORE_FILES.keyhound);
  const ownText = readSuppressFile(own);
  if (ownText !== undefined) out.push((await import('./ignore-file.js')).parseIgnoreFile(ownText, own));
  const theirs = join(root, IGNORE_FILES.gitleaks);
  const theirText = readSuppressFile(theirs);
  if (theirText !== undefined) out.push((await import('./gitleaksignore.js')).parseGitleaksIgnore(theirText, theirs));
  return out;
}

export interface LoadedBaseline {
  file: string;
  entries: BaselineEntry[];
  suppressor: Suppressor;
}

/** The baseline at `file`; a missing one is an error unless `missingOk` (it is about to be written). */
export async function loadBaseline(file: string, missingOk: boolean): Promise<LoadedBaseline> {
  const { baselineSuppressor, parseBaseline } = await import('./baseline.js');
  const text = readSuppressFile(file);
  if (text === undefined && !missingOk) throw new SuppressFileError(`${file}: no such baseline (write one with \`keyhound baseline --output ${file}\`)`);
  const entries = text === undefined ? [] : parseBaseline(text, file);
  return { file, entries, suppressor: baselineSuppressor(entries, file, text ?? '') };
}
