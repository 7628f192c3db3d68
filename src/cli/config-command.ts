// `keyhound config migrate [FILE] [--output FILE]`: a gitleaks config as a .keyhound.yaml.
import type { CliIO } from './io.js';
import { EXIT } from './exit.js';
import { checkOutput, writeOutput } from './output.js';

export async function configMigrate(args: { file?: string; output?: string }, io: CliIO): Promise<number> {
  const output = args.output !== undefined ? checkOutput(args.output) : undefined;
  const { migrateGitleaks } = await import('../config/migrate.js');
  const { ConfigError } = await import('../config/error.js');
  let res;
  try {
    res = await migrateGitleaks(args.file ?? '.gitleaks.toml');
  } catch (e) {
    if (e instanceof ConfigError) throw Object.assign(new Error(e.message), { exitCode: EXIT.ERROR });
    throw e;
  }
  for (const w of res.warnings) io.stderr(`keyhound: config migrate: warning: ${w}\n`);
  if (output) writeOutput(output, res.yaml);
  else io.stdout(res.yaml);
  return EXIT.OK;
}
