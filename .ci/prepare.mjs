// npm's `prepare` step: build dist/ (.ci/build.mjs). Plain JS, since it runs
// before anything is compiled. npm runs it on `npm ci` in a checkout, on `npm pack`, and when
// it fetches keyhound from a git URL (`npm pack github:OWNER/keyhound`: README "Install").
//
// `npm install -g <git url>` cannot work for a package that must be built: npm (10, 11)
// prepares the clone with a child `npm install` that inherits the global flag, so the child
// links the clone into the global prefix instead of installing its devDependencies into it
// (no typescript: "tsc: not found"), and the parent then unpacks through that link into a
// directory it deletes. Say so, with the one-line install that works, instead of "tsc: not found".
// Installing the dev dependencies from here does not help (tried, npm 11.19): this script runs
// inside that child after it has already moved the parent's half-extracted
// <prefix>/lib/node_modules/keyhound aside, and the child links the clone there afterwards, so
// the parent still fails (ENOENT: Cannot cd into '<prefix>/lib/node_modules/keyhound'). npm
// starts that child whenever a git package has a build, prepare, prepack or (pre/post)install
// script (pacote git.js), i.e. whenever it must be built: npm/cli issues 6984 and 8440, open.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

if (!existsSync(tsc)) {
  const global = process.env.npm_config_global === 'true';
  console.error(
    global
      ? 'keyhound: npm cannot build a package during `npm install -g <git url>` (its dev dependencies are not installed).\n' +
          'Install from the git URL in two steps instead, in one line:\n' +
          '  npm install -g "$(npm pack <git url> | tail -n 1)"'
      : 'keyhound: typescript is not installed here; run `npm ci` first',
  );
  process.exit(1);
}
// The same build as `npm run build` (it once ran only tsc and the rules snapshot, so a git
// install had no config schema, and any run with a config file exited 2).
const r = spawnSync(process.execPath, [join(root, '.ci', 'build.mjs')], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
