// Artifacts: node_modules as a .zip and a .tar.gz.
import fs from 'node:fs';
import path from 'node:path';
import { hasBinary, sh, stampOk, treeStats, writeStamp } from './util.js';

/**
 * node_modules as a zip (when the `zip` binary exists) and a .tar.gz (when `tar` does).
 * Symlinks are stored as links, so the uncompressed content is exactly the regular
 * files of node_modules. A symlinked node_modules (a git worktree's) is archived from
 * where it points: `zip -y`/`tar` would store the top-level link itself.
 */
export function ensureArtifacts(root, benchDir, log) {
  const out = { zip: null, tgz: null, skipped: [] };
  const nm = path.join(root, 'node_modules');
  const key = `:${treeStats(nm).bytes}`; // rebuild when node_modules changes
  const real = path.dirname(fs.realpathSync(nm)); // its parent, where it is a directory named node_modules
  if (hasBinary('zip')) {
    const zip = path.join(benchDir, 'node_modules.zip');
    const stamp = `${zip}.stamp`;
    if (!(fs.existsSync(zip) && stampOk(stamp, key))) {
      log('building .bench/node_modules.zip (once; cached) …');
      fs.rmSync(zip, { force: true });
      sh('zip', ['-q', '-r', '-y', '-X', zip, 'node_modules'], { cwd: real });
      writeStamp(stamp, key);
    }
    out.zip = zip;
  } else {
    out.skipped.push('zip (no zip binary)');
  }
  if (hasBinary('tar')) {
    const tgz = path.join(benchDir, 'node_modules.tar.gz');
    const stamp = `${tgz}.stamp`;
    if (!(fs.existsSync(tgz) && stampOk(stamp, key))) {
      log('building .bench/node_modules.tar.gz (once; cached) …');
      sh('tar', ['-czf', tgz, 'node_modules'], { cwd: real });
      writeStamp(stamp, key);
    }
    out.tgz = tgz;
  } else {
    out.skipped.push('tar.gz (no tar binary)');
  }
  return out;
}
