// The synthetic history repo: a few thousand commits made from real source (node_modules).
import fs from 'node:fs';
import path from 'node:path';
import { AUTHORS, FastImport, historyInfo, importStream } from './fast-import.js';
import { looksBinary, packageDirs, prng, sh, stampOk, walkFiles, writeStamp } from './util.js';

const HISTORY = { packages: 40, minCommits: 2000, minBlobBytes: 60e6, maxCommits: 8000, maxFileSize: 1 << 20, maxModifySize: 64 << 10 };

/** The 40 largest packages by eligible text (files ≤ 1 MB, not binary, no nested node_modules), shuffled. */
function pickPackages(nodeModules, rand) {
  const candidates = packageDirs(nodeModules).map(({ name, dir }) => {
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
  return packages;
}

/**
 * The history's state while its stream is written. The order of PRNG draws is the recipe:
 * changing it changes every commit id (bump VERSION in util.js if you do).
 */
class HistoryWriter {
  constructor(fi, rand) {
    this.fi = fi;
    this.rand = rand;
    this.tracked = new Map(); // repo path → { src, tail (appended text), size }
    this.trackedList = []; // repo paths, for random picks
    this.deleted = new Map(); // repo path → entry (restorable)
    this.time = 1577836800; // 2020-01-01
    this.commits = 0;
    this.uniqueBytes = 0;
    this.lastMark = null;
  }
  pick(arr) {
    return arr[Math.floor(this.rand() * arr.length)];
  }
  between(lo, hi) {
    return lo + Math.floor(this.rand() * (hi - lo + 1));
  }
  content(e) {
    return e.tail ? Buffer.concat([fs.readFileSync(e.src), Buffer.from(e.tail)]) : fs.readFileSync(e.src);
  }
  track(p, e) {
    this.tracked.set(p, e);
    this.trackedList.push(p);
  }
  untrack(p) {
    const list = this.trackedList;
    const i = list.indexOf(p);
    list[i] = list[list.length - 1];
    list.pop();
    this.tracked.delete(p);
  }
  commit(ref, message, ops, from) {
    this.time += this.between(600, 2 * 86400);
    this.lastMark = this.fi.commit({ ref, who: this.pick(AUTHORS), time: this.time, message, from, ops });
    this.commits++;
    if (ref === 'refs/heads/main' && this.commits % 400 === 0) this.fi.tag(`v0.${this.commits / 400}.0`, this.lastMark);
  }
  /** Up to n more files of pkg, in one commit. */
  addFiles(pkg, n) {
    const ops = [];
    for (let k = 0; k < n && pkg.next < pkg.files.length; k++) {
      const f = pkg.files[pkg.next++];
      const p = `vendor/${pkg.name}/${path.relative(pkg.dir, f.path).split(path.sep).join('/')}`;
      if (this.tracked.has(p)) continue;
      this.track(p, { src: f.path, tail: '', size: f.size });
      this.uniqueBytes += f.size;
      ops.push({ op: 'M', path: p, content: fs.readFileSync(f.path) });
    }
    if (ops.length) this.commit('refs/heads/main', `Add ${pkg.name}: ${ops.length} file(s)`, ops);
  }
  /** Edits of `count` tracked files (small ones preferred): appended lines. */
  modifyOps(count) {
    const ops = [];
    for (let k = 0; k < count && this.trackedList.length; k++) {
      let p = this.pick(this.trackedList);
      for (let tries = 0; tries < 4 && this.tracked.get(p).size > HISTORY.maxModifySize; tries++) p = this.pick(this.trackedList);
      const e = this.tracked.get(p);
      const rev = this.commits + 1;
      e.tail +=
        this.rand() < 0.7 ? `\n// rev ${rev}: ${this.pick(['tweak', 'fix edge case', 'refactor', 'perf', 'docs'])}\n` : `\n/* changed in ${rev} */\n`;
      const buf = this.content(e);
      e.size = buf.length;
      this.uniqueBytes += buf.length;
      ops.push({ op: 'M', path: p, content: buf });
    }
    return ops;
  }
  modify(ref, prefix, count, from) {
    const ops = this.modifyOps(count);
    this.commit(ref, `${prefix}${ops.map((o) => path.posix.basename(o.path)).join(', ')}`, ops, from);
  }
  remove() {
    const p = this.pick(this.trackedList);
    this.deleted.set(p, this.tracked.get(p));
    this.untrack(p);
    this.commit('refs/heads/main', `Remove ${p}`, [{ op: 'D', path: p }]);
  }
  restore() {
    const [p, e] = [...this.deleted.entries()][Math.floor(this.rand() * this.deleted.size)];
    this.deleted.delete(p);
    this.track(p, e);
    this.commit('refs/heads/main', `Restore ${p}`, [{ op: 'M', path: p, content: this.content(e) }]);
  }
}

/** main: packages added a few files at a time, edits, deletions, restores; then a topic branch. */
function writeHistory(w, packages) {
  let pkgIdx = 0;
  while (w.commits < HISTORY.maxCommits && (w.commits < HISTORY.minCommits || w.uniqueBytes < HISTORY.minBlobBytes || pkgIdx < packages.length)) {
    const r = w.rand();
    if (pkgIdx < packages.length && (r < 0.45 || w.trackedList.length < 50)) {
      const pkg = packages[pkgIdx];
      w.addFiles(pkg, w.between(1, 8));
      if (pkg.next >= pkg.files.length) pkgIdx++;
    } else if (r < 0.85 || w.trackedList.length < 50) {
      w.modify('refs/heads/main', 'Update ', w.between(1, 3));
    } else if (r < 0.93 || w.deleted.size === 0) {
      w.remove();
    } else {
      w.restore();
    }
  }
  // A topic branch off the tip: blobs reachable only from it.
  const tip = `:${w.lastMark}`;
  for (let k = 0; k < 30; k++) w.modify('refs/heads/topic/bench', 'topic: ', 2, k === 0 ? tip : undefined);
}

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
  log(`building ${path.relative(root, repo)} (once; cached) …`);
  const rand = prng(0x6b657968);
  const packages = pickPackages(path.join(root, 'node_modules'), rand);
  const streamFile = path.join(benchDir, 'history.fast-import');
  const fi = new FastImport(streamFile);
  const w = new HistoryWriter(fi, rand);
  writeHistory(w, packages);
  fi.close();
  importStream(repo, streamFile);
  sh('git', ['-C', repo, 'symbolic-ref', 'HEAD', 'refs/heads/main']);
  sh('git', ['-C', repo, 'gc', '--quiet', '--prune=now']);
  writeStamp(stamp);
  log(`  ${w.commits} commits, stream ${(fi.bytes / 1e6).toFixed(0)} MB, built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return { repo, built: true, ...historyInfo(repo) };
}
