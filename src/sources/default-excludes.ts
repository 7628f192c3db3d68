// Directories `scan` skips by default: installed third-party dependencies, which a package
// manager or virtualenv tool wrote and can write again, and which hold thousands of files
// (10,602 under node_modules/ in this repository) that are not the project's own. Chosen by
// what installs them, never by what builds them: dist/, build/, out/ and target/ are always
// scanned (bundles and source maps leak keys), and so are git-ignored files (.env).
// Each skip is counted and the summary says so, with the flag that turns it off.
import type { Excluder } from './exclude.js';
import type { SourceContext } from './source.js';

/**
 * Directory names, matched exactly (case too) at any depth below a scanned root:
 * JavaScript package managers (node_modules), bower (bower_components), jspm (jspm_packages), Go modules,
 * Composer and Bundler (vendor), Python virtualenvs (.venv, venv), tox and nox environments
 * (.tox, .nox), PEP 582 (__pypackages__), CocoaPods (Pods). Not .bundle/, nor the hidden
 * working directories of infrastructure tools: they hold per-project settings that can carry
 * credentials (the README names them).
 */
export const DEFAULT_EXCLUDED_DIRS: readonly string[] = ['node_modules', 'bower_components', 'jspm_packages', 'vendor', '.venv', 'venv', '.tox', '.nox', '__pypackages__', 'Pods'];

const NAMES = new Set(DEFAULT_EXCLUDED_DIRS);

/** `inner`, plus the default directories; what it skipped (shown under `root`) goes to `skipped`. */
export function withDefaultExcludes(inner: Excluder, root: string, skipped: string[]): Excluder {
  const prefix = root === '.' || root === './' ? '' : `${root.replace(/\/+$/, '')}/`;
  return {
    skips(rel, isDir) {
      if (inner.skips(rel, isDir)) return true;
      if (!isDir || !NAMES.has(rel.slice(rel.lastIndexOf('/') + 1))) return false;
      skipped.push(prefix + rel);
      return true;
    },
  };
}

/** The one-line note: how many directories, which (the first few), and how to include them. */
export function noteDefaultExcludes(skipped: readonly string[], ctx: SourceContext): void {
  if (!skipped.length) return;
  ctx.count('defaultExcluded', skipped.length);
  const names = skipped.slice(0, 3).map((d) => `${d}/`).join(', ') + (skipped.length > 3 ? `, … (${skipped.length - 3} more)` : '');
  ctx.warn({
    kind: 'default-excluded',
    path: skipped[0]!,
    message: `skipped ${skipped.length} installed-dependency director${skipped.length === 1 ? 'y' : 'ies'} (${names}): --no-default-excludes to include`,
  });
}
