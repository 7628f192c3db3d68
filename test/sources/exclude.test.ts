// --exclude globs: what is skipped, relative to the scanned root or by absolute path.
import { EXCLUDE_NOTHING, excluder } from '../../src/sources/exclude.js';

describe('excluder', () => {
  const ex = excluder(['**/node_modules/**', 'build', './docs/*.md', 'src/*', '/abs/root/vendor/**', '*.{pem,key}'], '/abs/root');

  it.each([
    ['web/node_modules', true, true], // the directory itself: not entered
    ['node_modules/a/b.js', false, true],
    ['build', true, true],
    ['build', false, true], // a file of that name too
    ['sub/build', true, false], // no '**/': anchored at the root
    ['docs/readme.md', false, true], // a leading ./ means the root
    ['docs/deep/readme.md', false, false],
    ['src/lib', true, true], // a directory a glob matches is pruned whole
    ['src', true, false],
    ['vendor/x/y.c', false, true], // absolute glob, against the absolute path
    ['server.key', false, true],
    ['a\nb.pem', false, true], // '*' crosses a newline in a name
    ['.hidden/server.pem', false, false], // '*' does not cross '/'
    ['keep.txt', false, false],
  ])('%j (dir: %s) skipped: %s', (rel, isDir, skipped) => {
    expect(ex.skips(rel, isDir)).toBe(skipped);
  });

  it('with no globs nothing is skipped', () => {
    expect(excluder([], '/abs/root')).toBe(EXCLUDE_NOTHING);
    expect(EXCLUDE_NOTHING.skips('node_modules', true)).toBe(false);
  });
});
