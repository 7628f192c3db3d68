// Inputs for the benchmark, built under .bench/ (gitignored) and reused between runs.
//
// Everything is derived from this repo's own node_modules (real JavaScript, JSON, maps,
// type declarations) with a seeded PRNG, so a rebuild gives the same corpus. A stamp
// file next to each input records the generator version; bump VERSION when the recipe
// changes and the next run rebuilds.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const VERSION = 1;

// ---------------------------------------------------------------- helpers

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 << 20, ...opts });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}\n${(r.stderr ?? '').trim()}`);
  return r.stdout ?? '';
}

export function hasBinary(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function stampOk(stampFile, extra = '') {
  try {
    return fs.readFileSync(stampFile, 'utf8') === `${VERSION}${extra}\n`;
  } catch {
    return false;
  }
}

function writeStamp(stampFile, extra = '') {
  fs.writeFileSync(stampFile, `${VERSION}${extra}\n`);
}

/** mulberry32: small, seeded, good enough to pick files. */
function prng(seed) {
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

function looksBinary(file) {
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
function packageDirs(nodeModules) {
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

// ------------------------------------------------- git fast-import stream writer

class FastImport {
  constructor(file) {
    this.fd = fs.openSync(file, 'w');
    this.mark = 0;
    this.bytes = 0;
  }
  write(x) {
    const b = typeof x === 'string' ? Buffer.from(x) : x;
    fs.writeSync(this.fd, b);
    this.bytes += b.length;
  }
  data(buf) {
    const b = typeof buf === 'string' ? Buffer.from(buf) : buf;
    this.write(`data ${b.length}\n`);
    this.write(b);
    this.write('\n');
  }
  /** ops: [{ op: 'M', path, content } | { op: 'D', path }] → the commit's mark. */
  commit({ ref, who, time, message, from, ops }) {
    const mark = ++this.mark;
    this.write(`commit ${ref}\nmark :${mark}\n`);
    this.write(`author ${who} ${time} +0000\ncommitter ${who} ${time} +0000\n`);
    this.data(message);
    if (from) this.write(`from ${from}\n`);
    for (const o of ops) {
      if (o.op === 'D') {
        this.write(`D ${o.path}\n`);
      } else {
        this.write(`M 100644 inline ${o.path}\n`);
        this.data(o.content);
      }
    }
    this.write('\n');
    return mark;
  }
  tag(name, mark) {
    this.write(`reset refs/tags/${name}\nfrom :${mark}\n\n`);
  }
  close() {
    fs.closeSync(this.fd);
  }
}

function importStream(repo, streamFile) {
  fs.rmSync(repo, { recursive: true, force: true });
  fs.mkdirSync(repo, { recursive: true });
  sh('git', ['init', '-q', repo]);
  sh('git', ['-C', repo, 'config', 'gc.auto', '0']);
  const fd = fs.openSync(streamFile, 'r');
  try {
    const r = spawnSync('git', ['-C', repo, 'fast-import', '--quiet'], { stdio: [fd, 'ignore', 'pipe'], encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git fast-import: exit ${r.status}\n${r.stderr}`);
  } finally {
    fs.closeSync(fd);
    fs.rmSync(streamFile, { force: true });
  }
}

const AUTHORS = [
  'Ada Lovelace <ada@example.com>',
  'Grace Hopper <grace@example.com>',
  'Linus Benchmark <linus@example.org>',
  'Margaret Hamilton <mh@example.net>',
  'Ken Thompson <ken@example.com>',
  'Barbara Liskov <bl@example.org>',
];

/** Blob count and total blob bytes of a repo's object store. */
export function blobStats(repo) {
  const out = sh('git', ['-C', repo, 'cat-file', '--batch-all-objects', '--batch-check=%(objecttype) %(objectsize)']);
  let blobs = 0;
  let bytes = 0;
  let objects = 0;
  for (const line of out.split('\n')) {
    if (!line) continue;
    objects++;
    const [type, size] = line.split(' ');
    if (type === 'blob') {
      blobs++;
      bytes += Number(size);
    }
  }
  return { objects, blobs, bytes };
}

// ------------------------------------------------------------ history repo

const HISTORY = { packages: 40, minCommits: 2000, minBlobBytes: 60e6, maxCommits: 8000, maxFileSize: 1 << 20, maxModifySize: 64 << 10 };

/**
 * A repo with a few thousand commits made from real source: 40 packages of
 * node_modules added a few files at a time, files edited by appending/replacing lines,
 * deleted and restored, tags along the way and a topic branch at the end.
 * Built once with `git fast-import` (the stream is generated here), then `git gc`.
 */
export function ensureHistoryRepo(root, benchDir, log) {
  const repo = path.join(benchDir, 'history-repo');
  const stamp = path.join(benchDir, 'history-repo.stamp');
  if (fs.existsSync(path.join(repo, '.git')) && stampOk(stamp)) return { repo, built: false, ...historyInfo(repo) };

  const t0 = Date.now();
  log('building .bench/history-repo (once; cached) …');
  const rand = prng(0x6b657968);
  const pick = (arr) => arr[Math.floor(rand() * arr.length)];
  const between = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));

  // The 40 largest packages by eligible text (files ≤ 1 MB, not binary, no nested node_modules).
  const candidates = packageDirs(path.join(root, 'node_modules')).map(({ name, dir }) => {
    const files = walkFiles(dir, { skipDirs: ['node_modules'] }).filter(
      (f) => f.size > 0 && f.size <= HISTORY.maxFileSize && !/[\n"\\]/.test(f.path) && !looksBinary(f.path),
    );
    return { name, dir, files, bytes: files.reduce((s, f) => s + f.size, 0), next: 0 };
  });
  const packages = candidates.sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : 1)).slice(0, HISTORY.packages);
  for (let i = packages.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [packages[i], packages[j]] = [packages[j], packages[i]];
  }

  const streamFile = path.join(benchDir, 'history.fast-import');
  const fi = new FastImport(streamFile);
  const tracked = new Map(); // repo path → { src, tail (appended text) , size }
  const trackedList = []; // repo paths, for random picks
  const deleted = new Map(); // repo path → entry (restorable)
  let time = 1577836800; // 2020-01-01
  let commits = 0;
  let uniqueBytes = 0;
  let lastMark = null;
  let pkgIdx = 0;

  const content = (e) => (e.tail ? Buffer.concat([fs.readFileSync(e.src), Buffer.from(e.tail)]) : fs.readFileSync(e.src));
  const untrack = (p) => {
    const i = trackedList.indexOf(p);
    trackedList[i] = trackedList[trackedList.length - 1];
    trackedList.pop();
    tracked.delete(p);
  };
  const commit = (ref, message, ops, from) => {
    time += between(600, 2 * 86400);
    lastMark = fi.commit({ ref, who: pick(AUTHORS), time, message, from, ops });
    commits++;
    if (ref === 'refs/heads/main' && commits % 400 === 0) fi.tag(`v0.${commits / 400}.0`, lastMark);
  };
  const modifyOps = (count) => {
    const ops = [];
    for (let k = 0; k < count && trackedList.length; k++) {
      let p = pick(trackedList);
      for (let tries = 0; tries < 4 && tracked.get(p).size > HISTORY.maxModifySize; tries++) p = pick(trackedList);
      const e = tracked.get(p);
      const rev = commits + 1;
      e.tail += rand() < 0.7 ? `\n// rev ${rev}: ${pick(['tweak', 'fix edge case', 'refactor', 'perf', 'docs'])}\n` : `\n/* changed in ${rev} */\n`;
      const buf = content(e);
      e.size = buf.length;
      uniqueBytes += buf.length;
      ops.push({ op: 'M', path: p, content: buf });
    }
    return ops;
  };

  while (
    commits < HISTORY.maxCommits &&
    (commits < HISTORY.minCommits || uniqueBytes < HISTORY.minBlobBytes || pkgIdx < packages.length)
  ) {
    const r = rand();
    if (pkgIdx < packages.length && (r < 0.45 || trackedList.length < 50)) {
      const pkg = packages[pkgIdx];
      const n = between(1, 8);
      const ops = [];
      for (let k = 0; k < n && pkg.next < pkg.files.length; k++) {
        const f = pkg.files[pkg.next++];
        const p = `vendor/${pkg.name}/${path.relative(pkg.dir, f.path).split(path.sep).join('/')}`;
        if (tracked.has(p)) continue;
        const e = { src: f.path, tail: '', size: f.size };
        tracked.set(p, e);
        trackedList.push(p);
        uniqueBytes += f.size;
        ops.push({ op: 'M', path: p, content: fs.readFileSync(f.path) });
      }
      if (pkg.next >= pkg.files.length) pkgIdx++;
      if (ops.length) commit('refs/heads/main', `Add ${pkg.name}: ${ops.length} file(s)`, ops);
    } else if (r < 0.85 || trackedList.length < 50) {
      const ops = modifyOps(between(1, 3));
      commit('refs/heads/main', `Update ${ops.map((o) => path.posix.basename(o.path)).join(', ')}`, ops);
    } else if (r < 0.93 || deleted.size === 0) {
      const p = pick(trackedList);
      deleted.set(p, tracked.get(p));
      untrack(p);
      commit('refs/heads/main', `Remove ${p}`, [{ op: 'D', path: p }]);
    } else {
      const [p, e] = [...deleted.entries()][Math.floor(rand() * deleted.size)];
      deleted.delete(p);
      tracked.set(p, e);
      trackedList.push(p);
      commit('refs/heads/main', `Restore ${p}`, [{ op: 'M', path: p, content: content(e) }]);
    }
  }
  // A topic branch off the tip: blobs reachable only from it.
  const tip = `:${lastMark}`;
  for (let k = 0; k < 30; k++) {
    const ops = modifyOps(2);
    commit('refs/heads/topic/bench', `topic: ${ops.map((o) => path.posix.basename(o.path)).join(', ')}`, ops, k === 0 ? tip : undefined);
  }
  fi.close();
  const streamBytes = fi.bytes;
  importStream(repo, streamFile);
  sh('git', ['-C', repo, 'symbolic-ref', 'HEAD', 'refs/heads/main']);
  sh('git', ['-C', repo, 'gc', '--quiet', '--prune=now']);
  writeStamp(stamp);
  log(`  ${commits} commits, stream ${(streamBytes / 1e6).toFixed(0)} MB, built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return { repo, built: true, ...historyInfo(repo) };
}

function historyInfo(repo) {
  const commits = Number(sh('git', ['-C', repo, 'rev-list', '--all', '--count']).trim());
  const refs = sh('git', ['-C', repo, 'for-each-ref', '--format=%(refname)']).split('\n').filter(Boolean).length;
  const packBytes = walkFiles(path.join(repo, '.git', 'objects')).reduce((s, f) => s + f.size, 0);
  return { commits, refs, packBytes, ...blobStats(repo) };
}

// ------------------------------------------------------------- staged repo

const STAGED = { dirs: 100, perDir: 100, changed: 5 };

function fakeSource(rand, d, f) {
  const lines = [`// module ${d}/${f}`, `import { helper } from '../shared/helper.js';`, ''];
  const n = 8 + Math.floor(rand() * 40);
  for (let i = 0; i < n; i++) {
    lines.push(`export function fn_${d}_${f}_${i}(x) {`, `  return helper(x, ${Math.floor(rand() * 1e6)}, 'v${i}');`, '}');
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A 10k-file repo (one commit) whose index has exactly five staged changes:
 * three edited files and two new ones. The changes are re-staged on every call so the
 * case always measures the same thing.
 */
export function ensureStagedRepo(benchDir, log) {
  const repo = path.join(benchDir, 'staged-repo');
  const stamp = path.join(benchDir, 'staged-repo.stamp');
  const name = (d, f) => `src/d${String(d).padStart(3, '0')}/file${String(f).padStart(3, '0')}.js`;
  if (!(fs.existsSync(path.join(repo, '.git')) && stampOk(stamp))) {
    log('building .bench/staged-repo (once; cached) …');
    const rand = prng(0x73746167);
    const streamFile = path.join(benchDir, 'staged.fast-import');
    const fi = new FastImport(streamFile);
    const ops = [];
    for (let d = 0; d < STAGED.dirs; d++) {
      for (let f = 0; f < STAGED.perDir; f++) ops.push({ op: 'M', path: name(d, f), content: fakeSource(rand, d, f) });
    }
    fi.commit({ ref: 'refs/heads/main', who: AUTHORS[0], time: 1700000000, message: 'Initial import', ops });
    fi.close();
    importStream(repo, streamFile);
    sh('git', ['-C', repo, 'symbolic-ref', 'HEAD', 'refs/heads/main']);
    sh('git', ['-C', repo, 'reset', '-q', '--hard']);
    sh('git', ['-C', repo, 'gc', '--quiet']);
    writeStamp(stamp);
  }
  // Reset to HEAD, then stage the same five changes (3 modified, 2 added).
  sh('git', ['-C', repo, 'reset', '-q', '--hard']);
  sh('git', ['-C', repo, 'clean', '-qfd']);
  const changed = [];
  for (let k = 0; k < 3; k++) {
    const p = name(k * 7, k * 3);
    fs.appendFileSync(path.join(repo, p), `export const changed${k} = ${k};\n`);
    changed.push(p);
  }
  for (let k = 0; k < STAGED.changed - 3; k++) {
    const p = `src/new/added${k}.js`;
    fs.mkdirSync(path.join(repo, 'src/new'), { recursive: true });
    fs.writeFileSync(path.join(repo, p), fakeSource(prng(k + 1), 999, k));
    changed.push(p);
  }
  sh('git', ['-C', repo, 'add', '--', ...changed]);
  const files = Number(sh('git', ['-C', repo, 'ls-files']).split('\n').filter(Boolean).length);
  const staged = sh('git', ['-C', repo, 'diff', '--cached', '--name-only']).split('\n').filter(Boolean).length;
  return { repo, files, staged };
}

// --------------------------------------------------------------- artifacts

/**
 * node_modules as a zip (when the `zip` binary exists) and a .tar.gz (when `tar` does).
 * Symlinks are stored as links, so the uncompressed content is exactly the regular
 * files of node_modules.
 */
export function ensureArtifacts(root, benchDir, log) {
  const out = { zip: null, tgz: null, skipped: [] };
  const nm = path.join(root, 'node_modules');
  const key = `:${treeStats(nm).bytes}`; // rebuild when node_modules changes
  if (hasBinary('zip')) {
    const zip = path.join(benchDir, 'node_modules.zip');
    const stamp = `${zip}.stamp`;
    if (!(fs.existsSync(zip) && stampOk(stamp, key))) {
      log('building .bench/node_modules.zip (once; cached) …');
      fs.rmSync(zip, { force: true });
      sh('zip', ['-q', '-r', '-y', '-X', zip, 'node_modules'], { cwd: root });
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
      sh('tar', ['-czf', tgz, 'node_modules'], { cwd: root });
      writeStamp(stamp, key);
    }
    out.tgz = tgz;
  } else {
    out.skipped.push('tar.gz (no tar binary)');
  }
  return out;
}
