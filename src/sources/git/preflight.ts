// Is this a repository we can scan? One rev-parse answers all three questions.
import { stat } from 'node:fs/promises';
import { GitUsageError, gitMessage, runGit } from './exec.js';
import { dubiousOwnership } from './refusal.js';

export interface RepoInfo {
  gitDir: string;
  bare: boolean;
  shallow: boolean;
}

export async function preflight(repo: string): Promise<RepoInfo> {
  try {
    const st = await stat(repo);
    if (!st.isDirectory()) throw new GitUsageError(`not a git repository (not a directory): ${repo}`);
  } catch (e) {
    if (e instanceof GitUsageError) throw e;
    throw new GitUsageError(`not a git repository (no such directory): ${repo}`);
  }
  const r = await runGit(repo, [
    'rev-parse',
    '--path-format=absolute',
    '--git-dir',
    '--is-bare-repository',
    '--is-shallow-repository',
  ]);
  if (r.code !== 0) {
    const msg = gitMessage(r.stderr);
    const refused = dubiousOwnership(repo, r.stderr);
    if (refused) throw refused;
    if (/not a git repository/i.test(msg)) throw new GitUsageError(`not a git repository: ${repo}`);
    throw new GitUsageError(`${repo}: ${msg || 'git rev-parse failed'}`);
  }
  const [gitDir, bare, shallow] = r.stdout.toString('utf8').split('\n');
  return { gitDir: gitDir ?? '', bare: bare === 'true', shallow: shallow === 'true' };
}
