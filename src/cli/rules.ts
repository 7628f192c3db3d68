// `keyhound rules list` and `keyhound rules check`.
import type { CliIO } from './io.js';
import { EXIT } from './exit.js';
import { loadRulesOrExit } from './run.js';
import { checkRules } from '../rules/check.js';
import type { Config } from '../config/types.js';

/** --config FILE: only the named file (no lookup at a root); none without the flag. */
async function namedConfig(file: string | undefined, io: CliIO): Promise<Config | undefined> {
  if (file === undefined) return undefined;
  return (await import('./config.js')).readConfig(file, '.', io);
}

export async function rulesList(args: { format: 'text' | 'json'; rules: string[]; config?: string }, io: CliIO): Promise<number> {
  const rs = await loadRulesOrExit(args.rules, true, await namedConfig(args.config, io));
  const rows = [
    ...rs.rules.map((r) => ({ id: r.id, severity: r.severity, keywords: r.keywords, name: r.name, file: r.file, kind: 'rule' })),
    ...rs.pairs.map((p) => ({ id: p.id, severity: p.severity, keywords: [] as string[], name: p.name, file: p.file, kind: 'pair' })),
  ];
  if (args.format === 'json') {
    io.stdout(JSON.stringify(rows, null, 2) + '\n');
    return EXIT.OK;
  }
  const w = Math.max(...rows.map((r) => r.id.length));
  for (const r of rows) io.stdout(`${r.id.padEnd(w)}  ${r.severity.padEnd(8)}  ${r.name}${r.kind === 'pair' ? ' (pairs parts found together)' : `  [${r.keywords.join(', ')}]`}\n`);
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
