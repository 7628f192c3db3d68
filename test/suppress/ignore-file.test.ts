// .keyhoundignore: fingerprints, optionally scoped to a path glob, with comments as reasons.
import { describe, expect, it } from '@jest/globals';
import { parseIgnoreFile } from '../../src/suppress/ignore-file.js';
import { SuppressFileError } from '../../src/suppress/suppressor.js';
import { fileLoc, pairFinding } from '../report/fixtures.js';

describe('.keyhoundignore', () => {
  const f = pairFinding().finding;
  const text = [
    '# parser fixtures',
    `${f.fingerprint} test/fixtures/**`,
    `${f.fingerprint} vendor/*.zip   # a vendored archive`,
    '',
    `${'b'.repeat(64)}`,
  ].join('\n');
  const s = parseIgnoreFile(text, '.keyhoundignore');

  it('a scoped entry hides its fingerprint at paths its glob matches (relative to the root), with its reason', () => {
    expect(s.whole!(f)).toEqual([]);
    const at = (path: string) => s.at!(f, fileLoc(path), '/repo');
    expect(at('/repo/test/fixtures/keys.env')).toEqual([{ kind: 'ignore', source: '.keyhoundignore:2', reason: 'parser fixtures' }]);
    expect(at('/repo/src/keys.env')).toEqual([]);
    // An archive member matches by the archive's own path too.
    const member = { ...fileLoc('/repo/vendor/lib.zip!conf/a.env'), provenance: { kind: 'archive' as const, outer: { kind: 'file' as const, path: '/repo/vendor/lib.zip' }, inner: 'conf/a.env' } };
    expect(s.at!(f, member, '/repo')).toEqual([{ kind: 'ignore', source: '.keyhoundignore:3', reason: 'a vendored archive' }]);
    // Another secret at the same place is not hidden.
    expect(s.at!(pairFinding().finding, fileLoc('/repo/test/fixtures/keys.env'), '/repo')).toEqual([]);
  });

  it('an unscoped entry hides its fingerprint everywhere; every entry is listed for --report-unused', () => {
    const other = { ...pairFinding().finding, fingerprint: 'b'.repeat(64) };
    expect(s.whole!(other)).toEqual([{ kind: 'ignore', source: '.keyhoundignore:5' }]);
    expect(s.entries.map((e) => e.source)).toEqual(['.keyhoundignore:2', '.keyhoundignore:3', '.keyhoundignore:5']);
  });

  it('a line that is not a fingerprint is an error naming file and line', () => {
    expect(() => parseIgnoreFile('# ok\nAKIA-something\n', 'repo/.keyhoundignore')).toThrow(SuppressFileError);
    expect(() => parseIgnoreFile('# ok\nnot-a-fingerprint\n', 'repo/.keyhoundignore')).toThrow(/^repo\/\.keyhoundignore:2: expected a fingerprint/);
  });
});
