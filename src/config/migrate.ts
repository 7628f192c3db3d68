// `keyhound config migrate`: a gitleaks config written out as the equivalent .keyhound.yaml.
// The output is checked by loading it as keyhound would (schema, then rules), so what is
// written is a config that loads; what did not carry over is listed at its top and on stderr.
import { stringify } from 'yaml';
import { fromGitleaks } from './gitleaks.js';
import { builtinIds, configFrom, readConfigText } from './load.js';

/** Where editors find the schema (yaml-language-server): the published copy in the package. */
export const SCHEMA_URL = 'https://unpkg.com/keyhound/dist/config/keyhound.schema.json';

export interface Migrated {
  yaml: string;
  warnings: string[];
}

export async function migrateGitleaks(file: string): Promise<Migrated> {
  const text = readConfigText(file);
  const t = fromGitleaks(file, text, await builtinIds());
  // Validated as any config is: a translation keyhound could not load is an error here.
  await configFrom(t.parsed, []);
  const head = [
    `# yaml-language-server: $schema=${SCHEMA_URL}`,
    `# Migrated from ${file} by keyhound config migrate.`,
    ...(t.warnings.length ? ['# What did not carry over as it was (check these):', ...t.warnings.map((w) => `#   ${w.replace(/\n/g, ' ')}`)] : []),
  ];
  return { yaml: `${head.join('\n')}\n${stringify(t.parsed.data, { lineWidth: 0 })}`, warnings: t.warnings };
}
