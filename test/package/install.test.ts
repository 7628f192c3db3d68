// The README's three install lines, each into a temporary --prefix, then `keyhound --version`
// and a real scan from another directory: from a git URL (git+file:// here), from a packed
// tarball, and from a checkout with `npm link`. Slow (npm installs from its cache, going to the
// registry only for what is missing): one suite, generous timeouts. When the registry cannot
// be reached at all the suite is skipped, and says so; it never passes without installing.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from '@jest/globals';
import { cleanupRepos, tempDir, testGitEnv } from '../helpers/git-repo.js';
import { fakeKeyId } from '../helpers/keys.js';

afterAll(cleanupRepos);

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const SLOW = 15 * 60_000;

/** npm without the settings of an enclosing `npm test` (npm_config_*, lifecycle variables). */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  return { ...env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' };
}

function npm(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync('npm', [...args, '--prefer-offline', '--no-audit', '--no-fund'], { cwd, env: { ...npmEnv(), ...env }, encoding: 'utf8', timeout: SLOW });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr.slice(-4000)}`);
  return r.stdout;
}

const reachable = spawnSync('npm', ['ping'], { env: npmEnv(), encoding: 'utf8', timeout: 60_000 }).status === 0;
if (!reachable) console.warn('SKIPPED test/package/install.test.ts: the npm registry is unreachable (`npm ping` failed); no install path was tested');
const suite = reachable ? describe : describe.skip;

/** A checkout of what is committed (HEAD), as a user's clone would be. */
function checkout(): string {
  const dir = join(tempDir('keyhound-install-'), 'keyhound');
  execFileSync('git', ['clone', '-q', '--no-hardlinks', ROOT, dir], { env: testGitEnv(), stdio: 'pipe' });
  return dir;
}

/** `<prefix>/bin/keyhound --version`, then a scan of a generated key from another directory. */
function works(prefix: string): void {
  const bin = join(prefix, 'bin', 'keyhound');
  expect(execFileSync(bin, ['--version'], { encoding: 'utf8', env: npmEnv() }).trim()).toBe(VERSION);
  const elsewhere = tempDir('keyhound-elsewhere-');
  const { keyId } = fakeKeyId();
  writeFileSync(join(elsewhere, 'app.env'), `A=1\naws_access_key_id = ${keyId}\n`);
  const r = spawnSync(bin, ['scan', '.', '--format', 'json'], { cwd: elsewhere, encoding: 'utf8', env: npmEnv() });
  expect(r.status).toBe(1);
  const report = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; locations: Array<{ path: string; line: number; column: number }> }> };
  expect(report.findings.map((f) => [f.ruleId, f.locations.map((l) => [l.path, l.line, l.column])])).toEqual([
    ['aws-access-key-id', [['app.env', 2, 21]]],
  ]);
  // A config file is validated against the schema the build copies into dist/ (a git URL's
  // prepare step once left it out: every run with a config exited 2, ENOENT).
  writeFileSync(join(elsewhere, '.keyhound.yaml'), 'exclude:\n  - "app.env"\n');
  const configured = spawnSync(bin, ['scan', '.', '--format', 'json'], { cwd: elsewhere, encoding: 'utf8', env: npmEnv() });
  expect(configured.stderr).toBe('');
  expect(configured.status).toBe(0);
  expect((JSON.parse(configured.stdout) as { findings: unknown[] }).findings).toEqual([]);
}

suite('install paths (README "Install")', () => {
  test('git URL: npm install -g "$(npm pack git+file://… | tail -n 1)"', () => {
    const src = checkout();
    const packed = tempDir('keyhound-pack-');
    // npm clones the URL, installs its dev dependencies and runs prepare (the build) itself.
    npm(['pack', `git+file://${src}`, '--pack-destination', packed], packed);
    const [tgz] = readdirSync(packed).filter((f) => f.endsWith('.tgz'));
    const prefix = tempDir('keyhound-prefix-');
    npm(['install', '-g', '--prefix', prefix, join(packed, tgz!)], packed);
    works(prefix);
  }, SLOW);

  test('packed tarball: npm pack, then npm install -g ./keyhound-<version>.tgz (ships npm-shrinkwrap.json)', () => {
    const packed = tempDir('keyhound-pack-');
    // What `npm test` just built and tested is what is packed (no rebuild: --ignore-scripts).
    npm(['pack', '--ignore-scripts', '--pack-destination', packed], ROOT);
    const tgz = join(packed, `keyhound-${VERSION}.tgz`);
    const files = execFileSync('tar', ['tzf', tgz], { encoding: 'utf8' }).split('\n');
    expect(files).toEqual(expect.arrayContaining(['package/npm-shrinkwrap.json', 'package/bin/keyhound.js', 'package/dist/cli/main.js', 'package/dist/bundle/main.js', 'package/dist/bundle/worker.js', 'package/dist/config/keyhound.schema.json', 'package/rules/aws.yaml']));
    expect(files.filter((f) => /^package\/(src|test|\.ci)\//.test(f))).toEqual([]);
    const prefix = tempDir('keyhound-prefix-');
    npm(['install', '-g', '--prefix', prefix, tgz], packed);
    works(prefix);
  }, SLOW);

  test('checkout: npm ci, then npm link', () => {
    const src = checkout();
    npm(['ci'], src); // its prepare step builds dist/
    const prefix = tempDir('keyhound-prefix-');
    // `npm link` takes the global prefix from config (--prefix would name the project).
    npm(['link'], src, { npm_config_prefix: prefix });
    works(prefix);
  }, SLOW);
});
