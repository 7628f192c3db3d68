// `keyhound rules list` and `keyhound rules check`.
import type { CliIO } from './io.js';
import { EXIT } from './exit.js';
import { loadRulesOrExit } from './run.js';
import { checkRules } from '../rules/check.js';
import { catalog, catalogText } from '../rules/catalog.js';
import type { Config } from '../config/types.js';

/** --config FILE: only the named file (no lookup at a root); none without the flag. */
async function namedConfig(file: string | undefined, io: CliIO): Promise<Config | undefined> {
  if (file === undefined) return undefined;
  return (await import('./config.js')).readConfig(file, '.', io);
}

export async function rulesList(args: { format: 'text' | 'json'; rules: string[]; config?: string }, io: CliIO): Promise<number> {
  const groups = catalog(await loadRulesOrExit(args.rules, true, await namedConfig(args.config, io)));
  io.stdout(args.format === 'json' ? JSON.stringify({ providers: groups }, null, 2) + '\n' : catalogText(groups));
  return EXIT.OK;
}

export async function rulesCheck(args: { files: string[]; config?: string }, io: CliIO): Promise<number> {
  // With a config, its rules' failures are listed here rather than refused at load.
  const config = await namedConfig(args.config, io);
  const rs = await loadRulesOrExit(args.files, true, config, false);
  const res = checkRules(rs);
  for (const f of res.failures) {
    io.stdout(`FAIL ${f.ruleId} (${f.file}) ${f.kind} #${f.index + 1}: ${f.problem}\n`);
  }
  io.stdout(`${res.rules} rules: ${res.examples} examples, ${res.negatives} negative examples, ${res.failures.length} failure(s)\n`);
  return res.failures.length ? EXIT.FINDINGS : EXIT.OK;
}
