import { describe, expect, test } from '@jest/globals';
import { normaliseUrl, parseRepoList, repoSlug } from '../../src/audit/repo-list.js';

describe('parseRepoList', () => {
  test('comments, blank lines, duplicates; paths resolved; URLs keep their credentials to clone with, never in the name', () => {
    const list = ['# org', '', 'https://bot:s3cr3t@Git.Example.com/org/a.git/', '  ./local/repo  # mine', 'ssh://git@example.com/org/b.git', 'git@example.com:org/c.git', 'https://git.example.com/org/a.git', 'file:///srv/m.git'].join('\n');
    expect(parseRepoList(list, '/work')).toEqual([
      { repo: 'https://git.example.com/org/a.git', url: 'https://bot:s3cr3t@Git.Example.com/org/a.git/' },
      { repo: '/work/local/repo', url: '/work/local/repo', local: '/work/local/repo' },
      { repo: 'ssh://example.com/org/b.git', url: 'ssh://git@example.com/org/b.git' },
      { repo: 'ssh://example.com/org/c.git', url: 'git@example.com:org/c.git' },
      { repo: 'file:///srv/m.git', url: 'file:///srv/m.git' },
    ]);
  });

  test('normaliseUrl drops userinfo, query and fragment', () => {
    expect(normaliseUrl('HTTPS://u:p@Host.example:8443/x/y.git?token=1#frag')).toBe('https://host.example:8443/x/y.git');
  });

  test('repoSlug is filesystem-safe and readable', () => {
    expect(repoSlug('https://host.example/org name/re:po.git')).toBe('org_name-re_po');
    expect(repoSlug('/')).toBe('repo');
  });
});
