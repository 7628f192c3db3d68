// The message for a range that names a commit a shallow clone does not have. CI checkouts are
// shallow by default (actions/checkout: depth 1), so "unknown revision" alone sends users
// looking for a typo when the fix is to fetch more history.

/** What is missing, why, and the three usual fixes. */
export function shallowHint(rev: string, range: string): string {
  return [
    `revision '${rev}' (in range '${range}') is not in this repository: it is a shallow clone, and the commit is probably beyond its depth.`,
    'Fetch the history the range needs, then run again:',
    '  - GitHub Actions: actions/checkout with `fetch-depth: 0`',
    '  - GitLab CI: `GIT_DEPTH: 0` (or a larger depth)',
    `  - by hand: git fetch --deepen=<N>  (N more commits), git fetch origin ${rev}, or git fetch --unshallow`,
  ].join('\n');
}
