// Which configuration file applies: --config FILE, else $KEYHOUND_CONFIG, else .keyhound.yaml
// (or .yml) at the scan root. Only fs calls: a run without a config (a pre-commit hook) loads
// no YAML parser and no schema.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './error.js';

export const CONFIG_NAMES = ['.keyhound.yaml', '.keyhound.yml'] as const;

/** A config is a few KB; the scanned repository controls the root's, so its size is bounded. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export interface ConfigLookup {
  /** --config: a file, or false for --no-config (no file at all, not even the root's). */
  flag?: string | false;
  /** $KEYHOUND_CONFIG. */
  env?: string;
  /** The directory scanned (scan) or the repository (git, staged). */
  root: string;
}

/** Which config file applies, if any. A named file that does not exist is an error, not silence. */
export function findConfig(l: ConfigLookup): string | undefined {
  if (l.flag === false) return undefined;
  const named = l.flag ?? (l.env ? l.env : undefined);
  if (named !== undefined) {
    if (!existsSync(named)) throw new ConfigError([`${named}: no such config file${l.flag === undefined ? ' (from KEYHOUND_CONFIG)' : ''}`]);
    return named;
  }
  for (const name of CONFIG_NAMES) {
    const file = join(l.root, name);
    if (existsSync(file)) return file;
  }
  return undefined;
}
