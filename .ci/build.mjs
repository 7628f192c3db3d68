// `npm run build`, and npm's prepare step (.ci/prepare.mjs): compile src/ to dist/, snapshot
// the built-in rules, copy the config schema, then bundle the CLI and the worker. Plain JS,
// since it runs before anything is compiled.
//
// Why a bundle: Node 20 has no compile cache for ES modules, and its loader reads each module
// with four thread-pool round trips. With ~170 modules on the main thread and ~100 in each
// worker, that was ~0.2 s of CPU and ~0.1 s of wall in every run (`scan` of an empty
// directory: 0.42-0.49 s unbundled, 0.31-0.35 s bundled). dist/bundle/ holds main.js and
// worker.js and the chunks they share; what loads lazily (a command, a decoder) stays a chunk
// of its own. Packages in node_modules are not bundled. The unbundled dist/ stays: tests and
// the GitHub Action use its modules.
import { spawnSync } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (...args) => {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run(join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json');
run(join(root, 'dist', 'rules', 'snapshot.js'));
copyFileSync(join(root, 'src', 'config', 'keyhound.schema.json'), join(root, 'dist', 'config', 'keyhound.schema.json'));

let esbuild;
try {
  esbuild = await import('esbuild');
} catch (e) {
  console.error(`keyhound: cannot bundle dist/ (${e.message}); run \`npm ci\` first`);
  process.exit(1);
}
const outdir = join(root, 'dist', 'bundle');
rmSync(outdir, { recursive: true, force: true });
await esbuild.build({
  entryPoints: [join(root, 'dist', 'cli', 'main.js'), join(root, 'dist', 'runtime', 'worker.js')],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir,
  // main.js and worker.js side by side: runtime/pool.ts finds the worker next to itself.
  entryNames: '[name]',
  packages: 'external',
  logLevel: 'warning',
});
