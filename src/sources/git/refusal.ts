// Why git will not open a repository, said so that the user knows what to do.
import { GitUsageError, runGit } from './exec.js';

/**
 * git (≥ 2.35.2) refuses a repository owned by another user ("detected dubious ownership"):
 * its config could run programs as the caller. keyhound does not add the exception itself;
 * deciding to trust someone else's repository is the user's call.
 */
export function dubiousOwnership(repo: string, stderr: string): GitUsageError | undefined {
  const m = /detected dubious ownership in repository at '([^'\n]*)'/.exec(stderr);
  if (!m) return undefined;
  const at = m[1] || repo;
  return new GitUsageError(
    `git refuses to read ${repo}: the repository at ${at} is owned by another user (git's "dubious ownership" check). ` +
      `If you trust it: git config --global --add safe.directory ${at} (keyhound does not add it for you)`,
  );
}

/**
 * A command failed as if `repo` were no repository (`git diff --cached` then falls back to
 * --no-index mode and says nothing about why): ask rev-parse, which says.
 */
export async function whyNotARepository(repo: string): Promise<GitUsageError> {
  const r = await runGit(repo, ['rev-parse', '--git-dir']).catch(() => undefined);
  return (r && dubiousOwnership(repo, r.stderr)) ?? new GitUsageError(`not a git repository: ${repo}`);
}
