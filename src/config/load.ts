// Finding and reading the configuration: --config FILE, else $KEYHOUND_CONFIG, else
// .keyhound.yaml (or .yml) at the scan root. A .toml file is a gitleaks config, translated
// (gitleaks.ts). Every problem names file:line: key; a bad config is exit 2 before any scan.
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { MAX_CONFIG_BYTES } from './find.js';
import type { Config, ConfigFile } from './types.js';
import { ConfigError } from './error.js';
import { parseYamlConfig, schemaProblems, type ParsedYaml } from './validate.js';

export { ConfigError } from './error.js';
export { findConfig, CONFIG_NAMES, MAX_CONFIG_BYTES } from './find.js';

/** A config file read, validated against the schema and turned into a Config. */
export async function loadConfig(file: string): Promise<Config> {
  const text = readConfigText(file);
  if (/\.toml$/i.test(file)) {
    const { fromGitleaks } = await import('./gitleaks.js');
    const t = fromGitleaks(file, text, await builtinIds());
    return configFrom(t.parsed, t.warnings);
  }
  return configFrom(parseYamlConfig(file, text), []);
}

/** The file's text: unreadable, not a regular file or over MAX_CONFIG_BYTES is a ConfigError. */
export function readConfigText(file: string): string {
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new ConfigError([`${file}: not a regular file`]);
    if (st.size > MAX_CONFIG_BYTES) throw new ConfigError([`${file}: over ${MAX_CONFIG_BYTES} bytes: not a configuration file keyhound reads`]);
    return readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError([`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
  }
}

/** Schema-checked data → Config. `parsed.lineOf` says where each entry was written. */
export async function configFrom(parsed: ParsedYaml, warnings: string[]): Promise<Config> {
  const problems = await schemaProblems(parsed);
  if (problems.length) throw new ConfigError(problems);
  const { file } = parsed;
  const data = parsed.data as ConfigFile;
  const at = (...path: Array<string | number>) => `${file}:${parsed.lineOf(path)}`;
  const ruleLines: Record<string, string> = {};
  (data.rules ?? []).forEach((r, i) => {
    ruleLines[r.id] = at('rules', i);
    if (r.examples?.length === 0) warnings.push(`${at('rules', i)}: rule '${r.id}' has no examples: nothing checks that it finds what it should (add examples: [...])`);
  });
  (data.pairs ?? []).forEach((p, i) => (ruleLines[p.id] = at('pairs', i)));
  const doc = data.rules?.length || data.pairs?.length ? { rules: data.rules ?? [], pairs: data.pairs ?? [] } : undefined;
  return {
    file,
    rules: {
      file,
      builtin: data.builtinRules !== false,
      ...(doc ? { doc } : {}),
      disable: (data.disabledRules ?? []).map((id, i) => ({ id, where: at('disabledRules', i) })),
      allowlists: (data.allowlists ?? []).map((a, i) => ({ ...a, source: at('allowlists', i) })),
    },
    ruleLines,
    exclude: data.exclude ?? [],
    ...(data.defaultExcludes !== undefined ? { defaultExcludes: data.defaultExcludes } : {}),
    limits: data.limits ?? {},
    ...(data.format ? { format: data.format } : {}),
    ...(data.failOn ? { failOn: data.failOn } : {}),
    ...(data.baseline ? { baseline: resolve(dirname(file), data.baseline) } : {}),
    warnings,
  };
}

/** The built-in rules' and pairs' ids (a gitleaks disabledRules entry may name one). */
export async function builtinIds(): Promise<Set<string>> {
  const { loadRules } = await import('../rules/load.js');
  const set = await loadRules({});
  return new Set([...set.rules, ...set.pairs].map((r) => r.id));
}
