// Which revisions a history scan walks: every ref and every reflog entry (an amended commit,
// a deleted branch's commits stay in HEAD's reflog until it expires: walked as commits, so
// their blobs are located with commit and path), plus the stash reflog, whose older entries
// no ref reaches; or a user range resolved to two commits. Also the git version,
// which decides how workers read blobs.
import type { SourceContext } from '../source.js';
import { type Children, GitUsageError, gitMessage, runGit } from './exec.js';
import { shallowHint } from './shallow-hint.js';

export interface Revisions {
  /** git version as a comparable number, e.g. 2.39.5 → 2039005. */
  version: number;
  /** Arguments for `git log`: `--all --reflog` or one resolved range. */
  revs: string[];
  /** More revisions for `git log --stdin` (stash entries), '' when none. */
  stdinRevs: string;
}

export async function revisions(
  repo: string,
  range: string | undefined,
  ctx: SourceContext,
  children: Children,
  shallow = false,
  exclude?: string[],
): Promise<Revisions> {
  const [version, refsOut, revs] = await Promise.all([
    gitVersion(repo),
    runGit(repo, ['for-each-ref', '--format=%(refname)']),
    range ? resolveRange(repo, range, shallow) : Promise.resolve(exclude ? beyond(exclude) : ['--all', '--reflog']),
  ]);
  const refs = refsOut.stdout.toString('utf8').split('\n').filter(Boolean);
  ctx.count('refs', refs.length);

  // Stash entries other than the top one live only in the stash reflog.
  let stdinRevs = '';
  if (!range && !exclude && refs.includes('refs/stash')) {
    const r = await runGit(repo, ['log', '-g', '--no-show-signature', '--format=%H', 'refs/stash', '--'], { children });
    if (r.code === 0) stdinRevs = r.stdout.toString('utf8');
  }
  return { version, revs, stdinRevs };
}

async function gitVersion(repo: string): Promise<number> {
  const r = await runGit(repo, ['version']);
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(r.stdout.toString('utf8'));
  return m ? Number(m[1]) * 1e6 + Number(m[2]) * 1e3 + Number(m[3] ?? 0) : 0;
}

/**
 * Resolve a user range to log revisions; unknown revisions are usage errors. In a shallow
 * clone a revision is often unknown only because it was not fetched: the error says so.
 */
async function resolveRange(repo: string, range: string, shallow: boolean): Promise<string[]> {
  let a: string, b: string, sep: string;
  const tri = range.indexOf('...');
  const two = range.indexOf('..');
  if (tri >= 0) [a, b, sep] = [range.slice(0, tri), range.slice(tri + 3), '...'];
  else if (two >= 0) [a, b, sep] = [range.slice(0, two), range.slice(two + 2), '..'];
  else [a, b, sep] = [range, 'HEAD', '..'];
  a ||= 'HEAD';
  b ||= 'HEAD';
  for (const rev of [a, b]) {
    if (rev.startsWith('-') || /[\s\0]/.test(rev)) throw new GitUsageError(`bad revision '${rev}' in range '${range}'`);
  }
  const r = await runGit(repo, ['rev-parse', `${a}^{commit}`, `${b}^{commit}`, '--']);
  const shas = r.stdout.toString('utf8').split('\n').filter((l) => /^[0-9a-f]{40,64}$/.test(l));
  if (r.code !== 0 || shas.length !== 2) {
    const bad = /'([^']*)\^\{commit\}'/.exec(r.stderr)?.[1];
    if (shallow) throw new GitUsageError(shallowHint(bad ?? range, range));
    throw new GitUsageError(`unknown revision${bad ? ` '${bad}'` : ''} in range '${range}'${bad ? '' : `: ${gitMessage(r.stderr)}`}`);
  }
  return [`${shas[0]}${sep}${shas[1]}`];
}

/** Every ref, less what the excluded commits reach; ids git does not know are skipped (--ignore-missing). */
function beyond(exclude: string[]): string[] {
  const ids = exclude.filter((x) => /^[0-9a-f]{40,64}$/.test(x));
  return ['--ignore-missing', '--all', ...(ids.length ? ['--not', ...ids] : [])];
}
