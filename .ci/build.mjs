// `npm run build`, and npm's prepare step (.ci/prepare.mjs): compile src/ to dist/, snapshot
// the built-in rules and copy the config schema. Plain JS, since it runs before anything is
// compiled.
import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
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
