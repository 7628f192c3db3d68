// `keyhound rules list` and `keyhound rules check`.
import type { CliIO } from './io.js';
import { EXIT } from './exit.js';
import { loadRulesOrExit } from './run.js';
import { checkRules } from '../rules/check.js';
import { catalog, catalogText } from '../rules/catalog.js';

export async function rulesList(args: { format: 'text' | 'json'; rules: string[] }, io: CliIO): Promise<number> {
  const groups = catalog(await loadRulesOrExit(args.rules, true));
  io.stdout(args.format === 'json' ? JSON.stringify({ providers: groups }, null, 2) + '\n' : catalogText(groups));
  return EXIT.OK;
}

export async function rulesCheck(args: { files: string[] }, io: CliIO): Promise<number> {
  const rs = await loadRulesOrExit(args.files, true);
  const res = checkRules(rs);
  for (const f of res.failures) {
    io.stdout(`FAIL ${f.ruleId} (${f.file}) ${f.kind} #${f.index + 1}: ${f.problem}\n`);
  }
  io.stdout(`${res.rules} rules: ${res.examples} examples, ${res.negatives} negative examples, ${res.failures.length} failure(s)\n`);
  return res.failures.length ? EXIT.FINDINGS : EXIT.OK;
}
