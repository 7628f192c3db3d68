// `keyhound repos LIST` (and/or an organisation's repositories): audit many repositories into one
// report. LIST parsing, the cache, sharding and the state file live in src/audit/; this maps
// flags to them and hands the merged store to the report stage (cli/repos-report.ts).
import { readFileSync } from 'node:fs';
import type { CliIO } from './io.js';
import type { ScanArgs } from './run.js';
import { fromFlags } from './run.js';
import { withConfig, type FlagArgs } from './config.js';
import { UsageError } from './exit.js';
import { STDIN_ARG } from './options.js';
import { trapStopSignals } from './signals.js';
import { auditStages, finishAudit } from './repos-report.js';
import { parseRepoList, repoEntry, type RepoEntry } from '../audit/repo-list.js';
import { inShard, parseShard } from '../audit/shard.js';
import { defaultCacheDir } from '../audit/mirror.js';
import { audit } from '../audit/audit.js';
import { readState, StateWriter, type LoadedState } from '../audit/state.js';
import type { EnumerateOptions } from '../audit/types.js';

export interface ReposCommandArgs extends ScanArgs {
  list?: string;
  apiUrl?: string;
  cacheDir?: string;
  /** Seconds. */
  cloneTimeout: number;
  jobs: number;
  state?: string;
  shard?: string;
  incremental?: boolean;
}

export interface ReposDeps {
  /** Lists an organisation's clone URLs (src/audit/enumerate/); injected in tests. */
  enumerate?: (o: EnumerateOptions) => Promise<string[]>;
}

export async function reposCommand(flags: FlagArgs<ReposCommandArgs>, io: CliIO, deps: ReposDeps = {}): Promise<number> {
  const started = Date.now();
  const args = await withConfig(flags, '.', io);
  const shard = shardOf(args.shard, io.env);
  checkNumbers(args);
  if (args.incremental && !args.state) throw new UsageError('--incremental needs --state FILE (the heads scanned last time)');
  const stages = await auditStages(args, io);
  const entries = (await listed(args, io, deps)).filter((e) => inShard(e.repo, shard));
  const state: LoadedState | undefined = args.state ? readState(args.state) : undefined;
  for (const w of state?.warnings ?? []) io.stderr(`keyhound: --state: ${w}\n`);
  const writer = args.state ? new StateWriter(args.state) : undefined;
  const stop = trapStopSignals(io);
  try {
    const out = await audit(entries, {
      // One pool per repository scan would multiply threads by --jobs: matching stays on each scan's thread unless --workers says.
      scan: { ...fromFlags(args), workers: args.workers ?? 0, ruleSet: stages.ruleSet, ...(args.config ? { ruleConfig: args.config.rules } : {}), ...(args.exclude.length ? { excludePlaces: args.exclude } : {}) },
      cacheDir: args.cacheDir ?? defaultCacheDir(io.env),
      cloneTimeoutMs: args.cloneTimeout * 1000,
      jobs: args.jobs,
      signal: stop.signal,
      state,
      writer,
      incremental: !!args.incremental,
    });
    writer?.close();
    return await finishAudit(stages, { rows: out.rows, store: out.store, warnings: out.warnings, moreWarnings: out.moreWarnings, bytes: out.bytesScanned, started }, args, io, stop);
  } finally {
    stop.dispose();
  }
}

/** The repositories to audit: the LIST's, then an organisation's (both may be given). */
async function listed(args: ReposCommandArgs, io: CliIO, deps: ReposDeps): Promise<RepoEntry[]> {
  const orgs = orgRequests(args);
  if (!args.list && !orgs.length) throw new UsageError('repos: give a LIST file (- for stdin) or an organisation to list (see keyhound repos --help)');
  const entries = args.list ? parseRepoList(await readList(args.list, io)) : [];
  const enumerate = deps.enumerate ?? (await import('../audit/enumerate/index.js')).enumerateRepos;
  for (const { provider, owner } of orgs) {
    const urls = await enumerate({ provider, owner, ...(args.apiUrl ? { apiUrl: args.apiUrl } : {}), env: io.env, warn: (m) => io.stderr(`keyhound: ${m}\n`) });
    const known = new Set(entries.map((e) => e.repo));
    for (const e of urls.map((u) => repoEntry(u))) if (!known.has(e.repo)) entries.push(e);
  }
  return entries;
}

/** An organisation flag's value: main.ts's flag definition says which provider lists it. */
export interface OrgRequest {
  provider: string;
  owner: string;
}

/** The organisation flags given (yargs keeps each under two names: deduplicated), by provider id. */
function orgRequests(args: object): OrgRequest[] {
  const isOrg = (v: unknown): v is OrgRequest => typeof v === 'object' && v !== null && typeof (v as OrgRequest).provider === 'string' && typeof (v as OrgRequest).owner === 'string';
  const found = [...new Set(Object.values(args).filter(isOrg))];
  return found.sort((a, b) => (a.provider < b.provider ? -1 : a.provider > b.provider ? 1 : a.owner < b.owner ? -1 : 1));
}

async function readList(list: string, io: CliIO): Promise<string> {
  if (list !== STDIN_ARG) {
    try {
      return readFileSync(list, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read the repository list ${list}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  const parts: Buffer[] = [];
  for await (const b of io.stdin) parts.push(Buffer.from(b as Buffer));
  return Buffer.concat(parts).toString('utf8');
}

function shardOf(spec: string | undefined, env: NodeJS.ProcessEnv) {
  try {
    return parseShard(spec, env);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function checkNumbers(args: ReposCommandArgs): void {
  if (!Number.isInteger(args.jobs) || args.jobs < 1) throw new UsageError('--jobs takes a whole number ≥ 1');
  if (!(args.cloneTimeout > 0)) throw new UsageError('--clone-timeout takes a number of seconds > 0');
  if (args.workers !== undefined && (!Number.isInteger(args.workers) || args.workers < 0)) throw new UsageError('--workers takes a whole number ≥ 0');
}
