// The plain git pre-commit hook `keyhound install-hook` writes: where it goes (core.hooksPath,
// read from config without running anything the repository controls) and what it says.
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { GitUsageError, gitMessage, runGit } from '../sources/git/exec.js';
import { HOOK_BASELINE } from '../report/blocked.js';

/** In every hook keyhound writes: `--uninstall` removes a hook only when it carries this. */
export const HOOK_MARKER = '# keyhound-hook: installed by `keyhound install-hook`';

/**
 * The hooks directory git will use for `repo`: core.hooksPath when set (husky, shared hook
 * dirs), else <common git dir>/hooks (shared by every worktree). `git config` and `rev-parse`
 * only read files; runGit adds the flags that stop git running any program (exec.ts). Its own
 * `-c core.hooksPath=/dev/null` shows up with scope "command" and is skipped.
 */
export async function hooksDir(repo: string): Promise<string> {
  const where = await runGit(repo, ['rev-parse', '--path-format=absolute', '--git-common-dir', '--is-bare-repository', '--show-toplevel']);
  const [commonDir, bare, top] = where.stdout.toString('utf8').split('\n');
  if (bare === 'true') throw new GitUsageError(`${repo} is a bare repository: nothing is committed there, so it has no pre-commit hook`);
  if (where.code !== 0 || !commonDir || !top) throw new GitUsageError(`not a git repository: ${repo}${where.stderr ? ` (${gitMessage(where.stderr)})` : ''}`);
  const cfg = await runGit(repo, ['config', '--show-scope', '--get-all', 'core.hooksPath']);
  const set = cfg.stdout
    .toString('utf8')
    .split('\n')
    .map((l) => /^(\w+)\t(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null && m[1] !== 'command')
    .map((m) => m[2]!)
    .pop();
  if (!set) return join(commonDir, 'hooks');
  const expanded = set.startsWith('~/') ? join(homedir(), set.slice(2)) : set;
  // git runs hooks from the top of the work tree: a relative hooksPath is relative to it.
  return isAbsolute(expanded) ? expanded : join(top, expanded);
}

const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The hook: runs the keyhound that installed it (absolute node + script, so a GUI git client
 * without node on its PATH still works), else `keyhound` from PATH. `--quiet`: a clean commit
 * prints nothing; a blocked one prints the "commit blocked" message (report/blocked.ts).
 */
export function hookScript(node: string, script: string): string {
  return [
    '#!/bin/sh',
    HOOK_MARKER,
    '# Blocks commits that add cloud credentials; `keyhound install-hook --uninstall` removes it.',
    'set -- staged --quiet',
    `if [ -f ${HOOK_BASELINE} ]; then set -- "$@" --baseline ${HOOK_BASELINE}; fi`,
    `if [ -f ${sh(script)} ] && [ -x ${sh(node)} ]; then exec ${sh(node)} ${sh(script)} "$@"; fi`,
    'if command -v keyhound >/dev/null 2>&1; then exec keyhound "$@"; fi',
    "echo 'keyhound pre-commit hook: keyhound not found; reinstall it, or remove the hook (keyhound install-hook --uninstall)' >&2",
    'exit 1',
    '',
  ].join('\n');
}
