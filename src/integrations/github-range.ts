// What a GitHub Actions run scans, from its event: a pull request's commits (base..head), a
// push's (before..after), else the whole history. And the history that needs: actions/checkout
// clones at depth 1 by default, where neither base nor before is present.
import { spawnSync } from 'node:child_process';

export interface Plan {
  /** `A..B` for `keyhound git --range`; undefined = the whole history. */
  range?: string;
  /** Commits that must be in the clone for the range to mean what it says. */
  need: string[];
  /** Why the whole history is scanned, when it is. */
  why?: string;
}

const ZERO = /^0+$/;

interface GithubEvent {
  before?: string;
  after?: string;
  pull_request?: { base?: { sha?: string }; head?: { sha?: string } };
}

export function planFor(eventName: string, event: GithubEvent): Plan {
  if (eventName === 'pull_request' || eventName === 'pull_request_target') {
    const base = event.pull_request?.base?.sha;
    const head = event.pull_request?.head?.sha;
    if (base && head) return { range: `${base}..${head}`, need: [base, head] };
    return { need: [], why: 'the pull_request event names no base/head commit' };
  }
  if (eventName === 'push') {
    const { before, after } = event;
    if (before && after && !ZERO.test(before)) return { range: `${before}..${after}`, need: [before, after] };
    return { need: [], why: 'a new branch or tag: no previous commit to start from' };
  }
  return { need: [], why: `a ${eventName || 'manual'} run scans the whole history` };
}

/** git with the repository's own config (its checkout's credentials), never its hooks or fsmonitor. */
function git(repo: string, args: string[]): { ok: boolean; out: string; err: string } {
  const r = spawnSync('git', ['-C', repo, '-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false', ...args], {
    encoding: 'utf8',
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
  });
  return { ok: r.status === 0, out: r.stdout ?? '', err: r.stderr ?? '' };
}

const hasCommit = (repo: string, sha: string) => git(repo, ['cat-file', '-e', `${sha}^{commit}`]).ok;

/**
 * Make the clone hold what the plan needs: the whole history if the clone is shallow (a
 * range's log must reach from head back to base, and a scan of everything needs everything),
 * then each needed commit by id (a force-pushed `before`, a fork's head). Returns the problems
 * it could not fix; keyhound itself then says what is missing (exit 2).
 */
export function ensureHistory(repo: string, plan: Plan, log: (s: string) => void): string[] {
  if (git(repo, ['rev-parse', '--is-shallow-repository']).out.trim() === 'true') {
    log('keyhound: shallow clone: fetching the history the scan needs (git fetch --unshallow)');
    const r = git(repo, ['fetch', '--no-tags', '--quiet', '--unshallow', 'origin']);
    if (!r.ok) log(`keyhound: git fetch --unshallow failed: ${r.err.trim()}`);
  }
  const problems: string[] = [];
  for (const sha of plan.need) {
    if (hasCommit(repo, sha)) continue;
    const r = git(repo, ['fetch', '--no-tags', '--quiet', 'origin', sha]);
    if (!r.ok || !hasCommit(repo, sha)) problems.push(`commit ${sha} could not be fetched: ${r.err.trim() || 'not on the remote'}`);
  }
  return problems;
}
