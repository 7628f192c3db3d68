// Annotated tag messages are scanned like commit messages: located at the line and column
// within the message, shown as `(tag message <name>)`, with the tag object as `commit`.
import { afterAll, describe, expect, test } from '@jest/globals';
import { GitRepo, cleanupRepos } from '../../helpers/git-repo.js';
import { fakeKeyId, fakeSecret } from '../../helpers/keys.js';
import { runCli } from '../../helpers/cli.js';
import { historyFinding } from './history-finding.js';

afterAll(cleanupRepos);

interface Report {
  findings: Array<{ aws?: { keyId: string; account: string }; locations: Array<{ path: string; line: number; column: number; provenance: Record<string, unknown> }> }>;
}

describe('annotated tag messages', () => {
  const r = GitRepo.init();
  r.commitFiles({ 'README.md': 'hi\n' }, 'init');
  const { keyId, account } = fakeKeyId();
  const secret = fakeSecret();
  r.gitAt(undefined, 'tag', '-a', 'v1.0', '-m', `release 1.0\n\ndeploy with\naws_access_key_id = ${keyId}\naws_secret_access_key = ${secret}\n`);
  r.tag('light'); // a lightweight tag has no message
  const tagObject = r.rev('v1.0');

  test('a key in a tag message: found with its account, at its line and column in the message', () => {
    const { finding } = historyFinding(r.dir, keyId, account);
    expect(finding.locations).toEqual([
      expect.objectContaining({ path: '(tag message v1.0)', line: 4, column: 21, provenance: expect.objectContaining({ kind: 'git-message', commit: tagObject, tag: 'v1.0', subject: 'release 1.0' }) }),
    ]);
  });

  test('--no-messages skips tag messages too', () => {
    const run = runCli(['git', r.dir, '--no-messages', '--format', 'json']);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as Report).findings).toEqual([]);
  });
});
