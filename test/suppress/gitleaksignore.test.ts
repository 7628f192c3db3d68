// .gitleaksignore as gitleaks documents it: commit:file:rule:line and file:rule:line.
import { describe, expect, it } from '@jest/globals';
import { parseGitleaksIgnore } from '../../src/suppress/gitleaksignore.js';
import { SuppressFileError } from '../../src/suppress/suppressor.js';
import { fakeHex } from '../helpers/keys.js';
import { fileLoc, gitProvenance, pairFinding } from '../report/fixtures.js';

describe('.gitleaksignore', () => {
  const pair = pairFinding().finding;
  const keyOnly = { ...pairFinding().finding, ruleId: 'aws-access-key-id' };
  const git = gitProvenance('config/prod.env');
  const other = { ...gitProvenance('config/prod.env'), commit: fakeHex(40) };
  const s = parseGitleaksIgnore([
    '# from gitleaks detect',
    `${git.commit}:config/prod.env:aws-access-token:3`,
    'docs/setup.md:aws-access-token:12',
    'src/x.ts:generic-api-key:1',
  ].join('\n'), '.gitleaksignore');

  it('commit:file:rule:line hides that place in that commit only; gitleaks\' aws-access-token names keyhound\'s key id and pair rules', () => {
    const loc = fileLoc('config/prod.env', 3, 19, git);
    expect(s.at!(pair, loc, '.')).toEqual([{ kind: 'ignore', source: '.gitleaksignore:2' }]);
    expect(s.at!(keyOnly, loc, '.')).toEqual([{ kind: 'ignore', source: '.gitleaksignore:2' }]);
    expect(s.at!(pair, fileLoc('config/prod.env', 3, 19, other), '.')).toEqual([]);
    expect(s.at!(pair, fileLoc('config/prod.env', 4, 19, git), '.')).toEqual([]);
    // Not in a scan of files (no commit).
    expect(s.at!(pair, fileLoc('config/prod.env', 3, 19), '.')).toEqual([]);
  });

  it('file:rule:line hides that place in every commit and in a scan of files', () => {
    expect(s.at!(pair, fileLoc('docs/setup.md', 12, 1, { ...gitProvenance('docs/setup.md') }), '.')).toEqual([{ kind: 'ignore', source: '.gitleaksignore:3' }]);
    expect(s.at!(pair, fileLoc('/work/repo/docs/setup.md', 12, 1), '/work/repo')).toEqual([{ kind: 'ignore', source: '.gitleaksignore:3' }]);
    expect(s.at!(pair, fileLoc('docs/setup.md', 13, 1), '.')).toEqual([]);
    // A rule gitleaks names that finds something else hides nothing of an AWS key.
    expect(s.at!(pair, fileLoc('src/x.ts', 1, 1), '.')).toEqual([]);
  });

  it('a line of another shape is an error naming file and line', () => {
    expect(() => parseGitleaksIgnore('a:b\n', '.gitleaksignore')).toThrow(SuppressFileError);
    expect(() => parseGitleaksIgnore('\nfile:rule:notaline\n', '.gitleaksignore')).toThrow(/^\.gitleaksignore:2: expected commit:file:rule:line or file:rule:line/);
  });
});
