// The entry point action.yml runs (node dist/integrations/github-action.js): pick the commits
// of the event (github-range.ts), fetch the history they need, scan them once to SARIF with
// the keyhound CLI, then print annotations, write the step summary and the step outputs from
// that SARIF (github-summary.ts). Exits with keyhound's exit code; outputs carry it too, so
// action.yml can upload the SARIF before failing the job.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { escapeData } from '../report/github.js';
import { ensureHistory, planFor, type Plan } from './github-range.js';
import { annotations, rows, stepSummary } from './github-summary.js';

const BIN = fileURLToPath(new URL('../../bin/keyhound.js', import.meta.url));

export interface ActionIO {
  env: NodeJS.ProcessEnv;
  stdout(s: string): void;
  stderr(s: string): void;
}

export function runAction(io: ActionIO): number {
  const { env } = io;
  const log = (s: string) => io.stderr(`${s}\n`);
  const repo = env.GITHUB_WORKSPACE || process.cwd();
  const event = env.GITHUB_EVENT_PATH && existsSync(env.GITHUB_EVENT_PATH) ? JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) : {};
  let plan: Plan = planFor(env.GITHUB_EVENT_NAME ?? '', event);
  const problems = ensureHistory(repo, plan, log);
  if (problems.length && plan.range) {
    // Never a silent pass: a range that cannot be built becomes the whole history (a superset).
    for (const p of problems) io.stdout(`::warning title=keyhound::${escapeData(`${p}; scanning the whole history instead`)}\n`);
    plan = { need: [], why: 'the range could not be fetched' };
  }
  const scanned = plan.range ? `the commits ${plan.range.replace(/[0-9a-f]{40}/g, (s) => s.slice(0, 12))}` : `the whole history (${plan.why})`;
  log(`keyhound: scanning ${scanned}`);

  const sarifPath = env.INPUT_SARIF || join(env.RUNNER_TEMP || tmpdir(), 'keyhound.sarif');
  rmSync(sarifPath, { force: true }); // a report left by an earlier run must not pass for this one's
  const r = spawnSync(process.execPath, [BIN, ...cliArgs(repo, plan, sarifPath, env)], { stdio: ['ignore', 'inherit', 'inherit'], env });
  const code = r.status ?? 2;

  let found = 0;
  let summary = `## keyhound: failed (exit ${code}), no report\n\nSee the job log.\n`;
  const wrote = existsSync(sarifPath);
  if (wrote) {
    const sarif = JSON.parse(readFileSync(sarifPath, 'utf8'));
    const all = rows(sarif);
    found = all.length;
    io.stdout(annotations(all));
    summary = stepSummary(sarif, all, scanned);
  }
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, summary);
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `exit-code=${code}\nsarif-file=${wrote ? sarifPath : ''}\nfindings=${found}\n`);
  return code;
}

/** The keyhound command line for the plan and the action's inputs (INPUT_* set by action.yml). */
export function cliArgs(repo: string, plan: Plan, sarifPath: string, env: NodeJS.ProcessEnv): string[] {
  const args = ['git', repo, ...(plan.range ? ['--range', plan.range] : []), '--format', 'sarif', '--output', sarifPath];
  args.push('--fail-on', env.INPUT_FAIL_ON || 'any');
  if (env.INPUT_VERIFY === 'true') args.push('--verify');
  if (env.INPUT_CONFIG) args.push('--config', env.INPUT_CONFIG);
  if (env.INPUT_BASELINE) args.push('--baseline', env.INPUT_BASELINE);
  return args;
}

// Run when node is given this file (by any path to it: action.yml names it via $GITHUB_ACTION_PATH).
if (process.argv[1] && existsSync(process.argv[1]) && realpathSync(fileURLToPath(import.meta.url)) === realpathSync(process.argv[1])) {
  process.exitCode = runAction({ env: process.env, stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) });
}
