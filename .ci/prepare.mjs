// npm's `prepare` step: build dist/ (tsc + the rules snapshot). Plain JS, since it runs
// before anything is compiled. npm runs it on `npm ci` in a checkout, on `npm pack`, and when
// it fetches keyhound from a git URL (`npm install -g github:OWNER/keyhound`: README "Install").
//
// `npm install -g <git url>`: npm (10, 11) prepares the clone with a child `npm install` that
// inherits the global flag through npm_config_global, so the child installs no dependencies
// into the clone (no typescript: "tsc: not found") and links the clone into the global prefix;
// the parent would then unpack the package through that link into the clone, which it deletes.
// So, when typescript is missing during a global install: install the dev dependencies into
// the clone ourselves with a local child npm, build, and remove the link the child made.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const global = process.env.npm_config_global === 'true';

if (!existsSync(tsc)) {
  if (!global) fail('keyhound: typescript is not installed here; run `npm ci` first');
  installDevDependencies();
  if (!existsSync(tsc)) fail('keyhound: installing the build tools into the git checkout did not provide typescript');
}
for (const args of [[tsc, '-p', 'tsconfig.json'], [join(root, 'dist', 'rules', 'snapshot.js')]]) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
if (global) unlinkFromGlobalPrefix();

function fail(message) {
  console.error(message);
  process.exit(1);
}

/**
 * A local install of every dependency (dev included) into this clone, scripts off (this very
 * script must not run again), with the parent's global-install settings taken out of its env.
 */
function installDevDependencies() {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/^npm_config_(global|prefix|location|omit|only|production|link)$/i.test(k)) delete env[k];
  const npm = process.env.npm_execpath;
  const args = ['install', '--global=false', '--include=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--no-save'];
  const r = npm && /\.[cm]?js$/.test(npm)
    ? spawnSync(process.execPath, [npm, ...args], { cwd: root, env, stdio: ['ignore', 2, 2] })
    : spawnSync('npm', args, { cwd: root, env, stdio: ['ignore', 2, 2], shell: process.platform === 'win32' });
  if (r.status !== 0) fail(`keyhound: could not install the build tools into the git checkout (npm exited ${r.status ?? r.signal})`);
}

/** The global package link the prepare-time child npm made to this clone (npm then installs the packed copy). */
function unlinkFromGlobalPrefix() {
  const prefix = process.env.npm_config_prefix;
  if (!prefix) return;
  const lib = process.platform === 'win32' ? join(prefix, 'node_modules') : join(prefix, 'lib', 'node_modules');
  const link = join(lib, 'keyhound');
  try {
    if (!lstatSync(link).isSymbolicLink()) return;
    const target = resolve(dirname(link), readlinkSync(link));
    if (realpathSync(target) === realpathSync(root)) rmSync(link);
  } catch {
    // No link (npm did not make one, or not yet): nothing to undo.
  }
}
