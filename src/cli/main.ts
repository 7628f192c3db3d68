// The only importer of yargs: argv → options → a subcommand → an exit code.
// Heavy modules are imported inside handlers, so `keyhound staged` stays fast.
import { statSync } from 'node:fs';
import type { Argv } from 'yargs';
import type { CliIO } from './io.js';
import { defaultIO } from './io.js';
import { EXIT, UsageError } from './exit.js';
import { parseSize, STDIN_ARG } from './options.js';
import { SUPPRESS_OPTIONS } from './suppress-options.js';
import { fastArgs, type CommandOptions } from './fast-args.js';

/** The command handlers, loaded only when their command runs (`keyhound staged` stays fast). */
const COMMANDS: Record<string, (a: never, io: CliIO) => Promise<number>> = {
  scan: async (a, io) => (await import('./scan.js')).scanCommand(a, io),
  git: async (a, io) => (await import('./git.js')).gitCommand(a, io),
  staged: async (a, io) => (await import('./git.js')).stagedCommand(a, io),
  baseline: async (a, io) => (await import('./baseline.js')).baselineCommand(a, io),
  repos: async (a, io) => (await import('./repos.js')).reposCommand(a, io),
  merge: async (a, io) => (await import('./merge.js')).mergeCommand(a, io),
  'install-hook': async (a, io) => (await import('./install-hook.js')).installHookCommand(a, io),
  'rules list': async (a, io) => (await import('./rules.js')).rulesList(a, io),
  'rules check': async (a, io) => (await import('./rules.js')).rulesCheck(a, io),
  'config migrate': async (a, io) => (await import('./config-command.js')).configMigrate(a, io),
};

export async function main(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  const warm = workersAtOnce(argv);
  if (warm) {
    const pools = await import('../runtime/pool.js');
    pools.prewarm(warm === 'history' ? pools.historyWorkerCount() : pools.defaultWorkerCount());
  }
  let args: ParsedArgs;
  try {
    // A plain `keyhound staged|git|scan …` skips loading yargs (~40% of a pre-commit hook's run).
    args = fastArgs(argv, FAST_COMMANDS) ?? (await parseWithYargs(argv, io));
  } catch (e) {
    return reportError(e, io);
  }
  const words = args._.map(String);
  const handler = COMMANDS[words.slice(0, 2).join(' ')] ?? COMMANDS[words[0] ?? ''];
  // --help / --version print and parse to no command to run.
  if (!handler || args.help || args.version) return EXIT.OK;
  try {
    return await handler(withWordsAfterDashes(args, words[0]) as never, io);
  } catch (e) {
    return reportError(e, io);
  }
}

type ParsedArgs = { _: (string | number)[]; help?: unknown; version?: unknown; [k: string]: unknown };

/** argv → yargs' args: what every command line goes through unless cli/fast-args.ts takes it. */
export async function parseWithYargs(argv: string[], io: CliIO): Promise<ParsedArgs> {
  const { default: yargs } = await import('yargs');
  const parser = commandLine(yargs, argv, io);
  // Parse, then dispatch in main(): the COMMANDS table keeps each command's code unloaded until used.
  skipHelpCache(parser);
  return (await parser.parseAsync()) as ParsedArgs;
}

/** The commands and their options (scan options shared: see scanOptions). */
function commandLine(yargs: typeof import('yargs').default, argv: string[], io: CliIO) {
  // yargs swallows a lone "-"; carry it through as a marker the scan command understands.
  return yargs(argv.map((a) => (a === '-' ? STDIN_ARG : a)))
    .scriptName('keyhound')
    .usage('$0 <command> [options]\n\nFind leaked cloud credentials (AWS first) in files, git history and build artifacts.')
    .command('scan [paths..]', 'scan files and directories ("-" reads stdin)', scanCommandOptions)
    .command('git [repo]', 'scan every blob in git history once (all refs, stash, notes; messages too)', gitOptions)
    .command('staged [repo]', 'pre-commit: scan what is staged in the index; only added/changed lines block', stagedOptions)
    .command('baseline [target]', 'write the findings of a tree (or, with --git, a history) as a baseline file', (y) =>
      scanOptions(y)
        .positional('target', { type: 'string', default: '.', describe: 'directory or file (with --git: repository)' })
        .option('output', { type: 'string', default: '.keyhound-baseline.json', describe: 'the baseline file, read first (its notes are kept); - for stdout' })
        .option('git', { type: 'boolean', default: false, describe: 'baseline the whole history (as `keyhound git`) instead of the files' })
        .option('exclude', { type: 'string', array: true, default: [], describe: 'glob to skip (repeatable), as for scan' })
        .option('default-excludes', { type: 'boolean', defaultDescription: 'true', describe: 'skip installed-dependency directories, as scan does' })
        .option('all-objects', { type: 'boolean', default: false, describe: 'with --git: also objects no ref reaches' })
        .option('messages', { type: 'boolean', default: true, describe: 'with --git: scan commit messages' })
        .option('recurse-submodules', { type: 'boolean', default: false, describe: 'with --git: also the whole history of each submodule cloned in the git dir (as `git --recurse-submodules`)' })
        .option('reason', { type: 'string', describe: 'reason recorded on the entries this run adds' }),
    )
    .command('repos [list]', 'audit many repositories into one report: LIST holds paths and clone URLs ("-" reads stdin)', reposOptions)
    .command('merge <reports..>', 'combine `repos --state` files of shards (or saved stores) into one report', (y) =>
      scanOptions(y).positional('reports', { type: 'string', array: true, describe: 'state files or saved finding stores' }),
    )
    .command('install-hook [repo]', 'install a git pre-commit hook running `keyhound staged --quiet` (honours core.hooksPath)', (y) =>
      y
        .positional('repo', { type: 'string', default: '.', describe: 'repository' })
        .option('force', { type: 'boolean', default: false, describe: 'replace a pre-commit hook keyhound did not write (it is kept beside it)' })
        .option('uninstall', { type: 'boolean', default: false, describe: 'remove the hook keyhound wrote (and put back the one it replaced)' }),
    )
    .command('rules', 'list or self-test detection rules', rulesCommands)
    .command('config', 'configuration files', configCommands)
    .demandCommand(1, 'say which command: scan, git, staged, repos, merge, baseline, install-hook, rules or config')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(110, io.columns))
    .exitProcess(false)
    // Words after `--` land in args['--'] (not in args._, where they were taken for nothing).
    .parserConfiguration({ 'populate--': true })
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    });
}

/** `repos`: the scan options, where the repositories come from, and how the audit runs. */
function reposOptions<T>(y: Argv<T>) {
  return scanOptions(y)
    .positional('list', { type: 'string', describe: 'file of repositories, one a line: path, bare mirror, https://, ssh:// or file:// URL; # comments; - for stdin' })
    // Each organisation flag's value says which provider lists it (cli/repos.ts names none).
    .option('github-org', { type: 'string', coerce: (owner: string) => ({ provider: 'github', owner }), describe: 'also audit every repository of this GitHub organisation (token: $GITHUB_TOKEN)' })
    .option('gitlab-group', { type: 'string', coerce: (owner: string) => ({ provider: 'gitlab', owner }), describe: 'also audit every project of this GitLab group (token: $GITLAB_TOKEN)' })
    .option('api-url', { type: 'string', describe: 'API base URL for --github-org / --gitlab-group (GitHub Enterprise, self-hosted GitLab)' })
    .option('cache-dir', { type: 'string', defaultDescription: '$XDG_CACHE_HOME/keyhound/repos', describe: 'where mirror clones are kept (fetched on later runs)' })
    .option('clone-timeout', { type: 'number', default: 600, describe: 'seconds one clone or fetch may take' })
    .option('jobs', { alias: 'j', type: 'number', default: 4, describe: 'repositories cloned and scanned at once' })
    .option('state', { type: 'string', describe: 'JSON-lines state file: finished repositories are recorded, and skipped when the run is repeated (mode 0600: holds secrets)' })
    .option('incremental', { type: 'boolean', default: false, describe: 'with --state: fetch every recorded repository and scan only what new commits added (unchanged ones are skipped)' })
    .option('shard', { type: 'string', describe: 'i/n: audit only shard i of n (by hash of the repo URL); /n takes i from JOB_COMPLETION_INDEX+1' });
}

/** `rules list` and `rules check`. */
function rulesCommands<T>(y: Argv<T>) {
  return y
    .command('list', 'list rules by provider (id, severity, name, keywords, offline validators)', (yy) =>
      yy
        .option('format', { choices: ['text', 'json'] as const, default: 'text' as const })
        .option('rules', { type: 'string', array: true, default: [], describe: 'extra rule file or directory' })
        .option('config', { type: 'string', describe: 'a config file whose rules to list (its disabledRules left out)' }),
    )
    .command('check [files..]', 'run every rule example (must match) and negative example (must not)', (yy) =>
      yy
        .positional('files', { type: 'string', array: true, default: [], describe: 'extra rule files or directories to load and check' })
        .option('config', { type: 'string', describe: 'also check the rules of this config file (.keyhound.yaml or .gitleaks.toml)' }),
    )
    .demandCommand(1, 'rules: say "list" or "check"');
}

/** `config migrate`. */
function configCommands<T>(y: Argv<T>) {
  return y
    .command('migrate [file]', 'write a gitleaks config (.gitleaks.toml) as the equivalent .keyhound.yaml', (yy) =>
      yy
        .positional('file', { type: 'string', defaultDescription: '.gitleaks.toml', describe: 'the gitleaks config' })
        .option('output', { alias: 'o', type: 'string', describe: 'write the .keyhound.yaml here instead of stdout' }),
    )
    .demandCommand(1, 'config: say "migrate"');
}

/**
 * `scan -- PATH…`: words after `--` are paths like any other (a path may start with '-').
 * Other commands take no such words; ignoring them would scan something the user did not name.
 */
function withWordsAfterDashes(args: Record<string, unknown>, command: string | undefined): Record<string, unknown> {
  const after = ((args['--'] as unknown[] | undefined) ?? []).map(String);
  if (!after.length) return args;
  if (command !== 'scan') throw new UsageError(`${command ?? 'keyhound'}: unexpected argument(s) after --: ${after.join(' ')}`);
  return { ...args, paths: [...((args.paths as string[] | undefined) ?? []), ...after] };
}

function reportError(e: unknown, io: CliIO): number {
  if (e instanceof UsageError || (e as Error).name === 'YError') {
    io.stderr(`keyhound: ${(e as Error).message}\nRun 'keyhound --help' for usage.\n`);
    return EXIT.ERROR;
  }
  const err = e as Error & { exitCode?: number };
  io.stderr(`keyhound: ${err.message}\n`);
  return err.exitCode ?? EXIT.ERROR;
}

/**
 * Before running any command, yargs renders the command's whole help text and caches it, in
 * case the handler asks for help later. Ours never do, and the rendering (string-width over
 * every option) was ~35 ms of every run's start-up — a sixth of `keyhound staged`. The hook is
 * internal to yargs: if it moves, this does nothing and runs are just slower.
 */
function skipHelpCache(parser: unknown): void {
  const internal = (parser as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } }).getInternalMethods?.();
  const usage = internal?.getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}

/**
 * A whole tree or a whole history will start a worker pool at once: start the workers before
 * the arguments are parsed and the scan's modules load, so their own start-up runs meanwhile
 * on another core. A guess from
 * the raw words; a wrong one costs some idle-core time, nothing else. Not for stdin, a
 * pre-commit hook or a PR range (small: the pool may never start), nor an explicit --workers.
 */
function workersAtOnce(argv: string[]): 'history' | 'tree' | null {
  const [command, ...rest] = argv;
  if (rest.some((a) => a === '-' || a === '--help' || a === '-h' || /^--(workers|since|range)(=|$)/.test(a))) return null;
  if (command === 'git') return 'history';
  if (command !== 'scan') return null;
  // `scan` starts workers at once for a directory only (see cli/scan.ts); with no path it scans '.'.
  const words = rest.filter((a) => !a.startsWith('-'));
  return words.length === 0 || words.some(isDirectory) ? 'tree' : null;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The commands whose plain command lines skip yargs (cli/fast-args.ts reads the same tables). */
export const FAST_COMMANDS: CommandOptions = { scan: scanCommandOptions, git: gitOptions, staged: stagedOptions };

/** `scan`'s options. */
export function scanCommandOptions<T>(y: Argv<T>) {
  return (
    scanOptions(y)
      // No yargs default: '.' is filled in by scanCommand, after words following `--` join the paths.
      .positional('paths', { type: 'string', array: true, defaultDescription: '.', describe: 'files or directories; - for stdin' })
      // No yargs default: the config's defaultExcludes applies unless the flag is given.
      .option('default-excludes', { type: 'boolean', defaultDescription: 'true', describe: 'skip installed-dependency directories (node_modules, vendor, .venv, …), with a note (--no-default-excludes to scan them)' })
  );
}

/** `git`'s options. */
export function gitOptions<T>(y: Argv<T>) {
  return scanOptions(y)
    .positional('repo', { type: 'string', default: '.', describe: 'repository (work tree, bare or --mirror clone)' })
    .option('all-objects', { type: 'boolean', default: false, describe: 'also scan objects no ref reaches (deleted branches, amended commits, dropped stashes)' })
    .option('since', { type: 'string', describe: 'only blobs introduced after <rev> (rev..HEAD), for pull-request CI' })
    .option('range', { type: 'string', describe: 'only blobs introduced by commits in <base>..<head>' })
    .option('messages', { type: 'boolean', default: true, describe: 'scan commit messages (--no-messages to skip)' })
    .option('recurse-submodules', { type: 'boolean', default: false, describe: 'also scan the whole history of each submodule cloned in the git dir (not with --since/--range)' });
}

/** `staged`'s options. */
export function stagedOptions<T>(y: Argv<T>) {
  return scanOptions(y)
    .positional('repo', { type: 'string', default: '.', describe: 'repository' })
    .option('all-lines', { type: 'boolean', default: false, describe: 'report secrets anywhere in staged files, not only on changed lines' });
}

/** Options every scanning command shares. */
function scanOptions<T>(y: Argv<T>) {
  return y
    // No yargs defaults where a config file may decide: cli/config.ts fills them in (DEFAULTS).
    .option('config', { type: 'string', describe: 'configuration file (.keyhound.yaml, or a gitleaks .toml); default: $KEYHOUND_CONFIG, else .keyhound.yaml at the scan root; --no-config for none' })
    .option('exclude', { type: 'string', array: true, describe: 'glob to skip (repeatable), e.g. "**/fixtures/**"; git and staged: relative to the repository' })
    .option('format', { alias: 'f', choices: ['text', 'json', 'sarif', 'github', 'junit', 'csv', 'gitlab', 'html'] as const, defaultDescription: 'text', describe: 'report format (gitlab: GitLab secret-detection report; html: one self-contained page)' })
    .option('output', { alias: 'o', type: 'string', describe: 'write the report to a file instead of stdout' })
    .option('show-secrets', { type: 'boolean', default: false, describe: 'print secrets whole (default: redacted)' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'findings only on stdout, nothing when none; no live warnings (the pre-commit hook\'s mode)' })
    .option('rules', { type: 'string', array: true, default: [], describe: 'extra rule file or directory (repeatable)' })
    .option('builtin-rules', { type: 'boolean', default: true, describe: 'use the built-in rules (--no-builtin-rules to use only --rules)' })
    .option('workers', { type: 'number', describe: 'worker threads for matching (default: CPU cores; 0 = main thread)' })
    .option('max-file-size', { type: 'string', defaultDescription: '256MB', coerce: parseSize, describe: 'larger files are streamed if archives, else skipped with a warning' })
    .option('max-depth', { type: 'number', defaultDescription: '8', describe: 'archive nesting depth limit' })
    .option('max-archive-size', { type: 'string', defaultDescription: '4GB', coerce: parseSize, describe: 'total uncompressed bytes read from one archive' })
    .option('max-entries', { type: 'number', defaultDescription: '100000', describe: 'entries read from one archive' })
    .option('max-ratio', { type: 'number', defaultDescription: '200', describe: 'compression ratio that marks a zip bomb' })
    .option('inline-allow', { type: 'boolean', default: true, describe: 'honour keyhound:allow comments (--no-inline-allow to ignore them)' })
    .option('strict', { type: 'boolean', default: false, describe: 'exit 2 when the scan was incomplete and found nothing' })
    .option('color', { type: 'boolean', describe: 'colour text output (default: when stdout is a terminal)' })
    .option('verify', { type: 'boolean', default: false, describe: 'check found AWS keys with STS GetCallerIdentity (network!)' })
    .option('sts-endpoint', { type: 'string', describe: 'STS endpoint URL for --verify (private endpoints, tests)' })
    .option('verify-timeout', { type: 'number', default: 5000, describe: 'per-request timeout for --verify, ms' })
    .option('verify-concurrency', { type: 'number', default: 4, describe: 'parallel STS requests for --verify' })
    .option('verify-partitions', { type: 'boolean', default: false, describe: 'also try GovCloud and China when the commercial partition does not know a key' })
    .option('skip-account', { type: 'string', array: true, default: [], describe: 'account id never to verify (repeatable), e.g. your own canaries' })
    .option('skip-accounts-file', { type: 'string', describe: 'file of account ids (one per line, # comments) never to verify' })
    .option('only-verified', { type: 'boolean', default: false, describe: 'with --verify: report only live keys' })
    .option('verbose', { alias: 'v', type: 'boolean', default: false, describe: 'print every warning in full, as it happens (default: the first 10, short, then counts)' })
    .option('fail-on', { choices: ['any', 'live', 'never'] as const, defaultDescription: 'any', describe: 'which findings make the exit code 1' })
    .options(SUPPRESS_OPTIONS);
}
