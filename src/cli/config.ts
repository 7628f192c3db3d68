// The configuration file meets the flags: found (--config, $KEYHOUND_CONFIG, the root's
// .keyhound.yaml), loaded, its warnings printed, and merged under the flags — a flag given on
// the command line always wins; what neither says takes the built-in default.
import type { Config } from '../config/types.js';
import type { Format } from '../report/index.js';
import type { CliIO } from './io.js';
import type { ScanArgs } from './run.js';
import { EXIT } from './exit.js';
import { parseSize } from './options.js';

/** What the flags say before the config is read: the defaulted options may be absent. */
export type FlagArgs<T extends ScanArgs> = Omit<T, Defaulted> & Partial<Pick<ScanArgs, Defaulted>> & {
  config?: string | false;
  exclude?: string[];
  defaultExcludes?: boolean;
};

type Defaulted = 'format' | 'failOn' | 'maxFileSize' | 'maxDepth' | 'maxArchiveSize' | 'maxEntries' | 'maxRatio';

/** The defaults of the options a config may set (main.ts shows them in --help). */
export const DEFAULTS = { format: 'text' as Format, failOn: 'any' as const, maxFileSize: '256MB', maxDepth: 8, maxArchiveSize: '4GB', maxEntries: 100000, maxRatio: 200 };

export type Resolved<T extends ScanArgs> = T & { exclude: string[]; defaultExcludes: boolean };

export async function withConfig<T extends ScanArgs>(flags: FlagArgs<T>, root: string, io: CliIO): Promise<Resolved<T>> {
  const { config: named, ...rest } = flags;
  const config = await readConfig(named, root, io);
  const limits = config?.limits ?? {};
  const size = (flag: number | undefined, cfg: number | string | undefined, dflt: string) => flag ?? parseSize(cfg ?? dflt);
  return {
    ...(rest as unknown as T),
    format: flags.format ?? config?.format ?? DEFAULTS.format,
    failOn: flags.failOn ?? config?.failOn ?? DEFAULTS.failOn,
    maxFileSize: size(flags.maxFileSize, limits.maxFileSize, DEFAULTS.maxFileSize),
    maxArchiveSize: size(flags.maxArchiveSize, limits.maxArchiveSize, DEFAULTS.maxArchiveSize),
    maxDepth: flags.maxDepth ?? limits.maxDepth ?? DEFAULTS.maxDepth,
    maxEntries: flags.maxEntries ?? limits.maxEntries ?? DEFAULTS.maxEntries,
    maxRatio: flags.maxRatio ?? limits.maxRatio ?? DEFAULTS.maxRatio,
    exclude: [...(config?.exclude ?? []), ...(flags.exclude ?? [])],
    defaultExcludes: flags.defaultExcludes ?? config?.defaultExcludes ?? true,
    config,
  };
}

/** The config that applies (none: undefined); a bad one is exit 2 naming file:line: key. */
export async function readConfig(flag: string | false | undefined, root: string, io: CliIO): Promise<Config | undefined> {
  const { findConfig } = await import('../config/find.js');
  const { ConfigError } = await import('../config/error.js');
  try {
    const file = findConfig({ flag, env: io.env.KEYHOUND_CONFIG, root });
    if (file === undefined) return undefined;
    const config = await (await import('../config/load.js')).loadConfig(file);
    for (const w of config.warnings) io.stderr(`keyhound: config: warning: ${w}\n`);
    return config;
  } catch (e) {
    if (e instanceof ConfigError) throw Object.assign(new Error(e.message), { exitCode: EXIT.ERROR });
    throw e;
  }
}
