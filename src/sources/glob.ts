// A glob (picomatch syntax, as fast-glob took them) as the regex every keyhound glob uses:
// --exclude, `.keyhoundignore` entries and config allowlist paths. picomatch is CommonJS, and
// importing it from an ES module cost ~15 ms of every run's start (cjs-module-lexer, its
// files) though most runs have no glob: it is required on the first glob instead.
import { createRequire } from 'node:module';
import type picomatchModule from 'picomatch';

let picomatch: typeof picomatchModule | undefined;

/** dot: a glob names dot files too; flags 's': '*' and '**' match names with a newline. */
const GLOB = { dot: true, posix: true, strictSlashes: false, flags: 's' };

export function globRegExp(glob: string): RegExp {
  picomatch ??= createRequire(import.meta.url)('picomatch') as typeof picomatchModule;
  return picomatch.makeRe(glob, GLOB);
}
