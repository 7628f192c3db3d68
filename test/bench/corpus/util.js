// Small helpers shared by the corpus builders: processes, stamps, a seeded PRNG, file walks.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Generator version of the node_modules-derived corpora; bump when their recipe changes. */
const VERSION = 1;

export function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 << 20, ...opts });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}\n${(r.stderr ?? '').trim()}`);
  return r.stdout ?? '';
}

export function hasBinary(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** A stamp file next to each input records its recipe; a mismatch means "rebuild". */
export function stampOk(stampFile, extra = '') {
  try {
    return fs.readFileSync(stampFile, 'utf8') === `${VERSION}${extra}\n`;
  } catch {
    return false;
  }
}

export function writeStamp(stampFile, extra = '') {
  fs.writeFileSync(stampFile, `${VERSION}${extra}\n`);
}

/** mulberry32: small, seeded, good enough to pick files. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Regular files under dir (symlinks not followed — like `find -type f`). */
export function walkFiles(dir, { skipDirs = [] } = {}) {
  const out = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop();
    let entries;
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!skipDirs.includes(e.name)) stack.push(p);
      } else if (e.isFile()) {
        out.push({ path: p, size: fs.statSync(p).size });
      }
    }
  }
  return out.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

export function treeStats(dir) {
  const files = walkFiles(dir);
  return { files: files.length, bytes: files.reduce((s, f) => s + f.size, 0) };
}

export function looksBinary(file) {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(8192);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).includes(0);
  } finally {
    fs.closeSync(fd);
  }
}

/** Top-level packages of node_modules (scoped ones as @scope/name). */
export function packageDirs(nodeModules) {
  const dirs = [];
  for (const name of fs.readdirSync(nodeModules).sort()) {
    if (name.startsWith('.')) continue;
    const p = path.join(nodeModules, name);
    if (!fs.statSync(p).isDirectory()) continue;
    if (name.startsWith('@')) {
      for (const sub of fs.readdirSync(p).sort()) {
        const q = path.join(p, sub);
        if (fs.statSync(q).isDirectory()) dirs.push({ name: `${name}/${sub}`, dir: q });
      }
    } else {
      dirs.push({ name, dir: p });
    }
  }
  return dirs;
}
