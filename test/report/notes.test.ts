// Notes (nothing of the scan's own went unscanned) are shown at the lower level in every CI
// format; a warning that means content was not scanned stays a warning.
import { describe, expect, it } from '@jest/globals';
import { render } from '../../src/report/index.js';
import type { ScanWarning } from '../../src/types.js';
import { result } from './fixtures.js';

const opts = { color: false, rules: [], toolVersion: '0.1.0', showSecrets: false };
const warnings: ScanWarning[] = [
  { kind: 'dangling-symlink', path: 'a/stale.env', message: 'symlink to nothing' },
  { kind: 'special-file', path: 'a/pipe', message: 'not read: a fifo' },
  { kind: 'empty-input', path: '-', message: 'stdin was empty or closed: nothing scanned' },
  { kind: 'submodule', path: 'vendor/lib', message: 'not followed' },
  { kind: 'default-excluded', path: 'node_modules', message: 'skipped 1 installed-dependency directory (node_modules/): --no-default-excludes to include' },
  { kind: 'unreadable', path: 'a/secret-dir', message: 'not scanned: EACCES' },
];

describe('notes', () => {
  it('are SARIF notes and GitHub notices; an unscanned path stays a warning', () => {
    const withWarnings = { ...result([]), warnings };
    const sarif = JSON.parse(render('sarif', withWarnings, opts));
    const levels = sarif.runs[0].invocations[0].toolExecutionNotifications.map((n: { level: string; descriptor: { id: string } }) => [n.descriptor.id, n.level]);
    expect(levels).toEqual([['dangling-symlink', 'note'], ['special-file', 'note'], ['empty-input', 'note'], ['submodule', 'note'], ['default-excluded', 'note'], ['unreadable', 'warning']]);
    const github = render('github', withWarnings, opts).split('\n').filter((l) => l.startsWith('::'));
    expect(github.map((l) => l.slice(2, l.indexOf(' ')))).toEqual(['notice', 'notice', 'notice', 'notice', 'notice', 'warning']);
  });
});
