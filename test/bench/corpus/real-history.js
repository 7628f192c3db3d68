// A real project's history, rebuilt from its published npm releases: one commit per version
// (the unpacked tarball as the whole tree), in version order, author and date from the
// package and the registry, a tag per version and a branch per major line. It is a
// reconstruction from releases, not the upstream git history: fewer, larger commits, and
// only the files that were published. The machine reaches the npm registry but not the
// project's git host, so this is the real history within reach.
//
// Tarballs are cached under .bench/registry/<pkg>/ and fetched with `npm pack` (the ordinary
// client); the repo is rebuilt from the cache without network. When the registry cannot be
// reached and nothing is cached, the caller gets { skipped: reason } instead of a repo.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { FastImport, historyInfo, importStream } from './fast-import.js';
import { sh, stampOk, walkFiles, writeStamp } from './util.js';

const RECIPE = ':real-history-1';
const NPM = { batch: 40, timeoutMs: 180_000, flags: ['--fetch-retries=1', '--fetch-timeout=30000', '--ignore-scripts', '--no-update-notifier'] };

function npm(args, cwd) {
  const r = spawnSync('npm', [...args, ...NPM.flags], { cwd, encoding: 'utf8', maxBuffer: 64 << 20, timeout: NPM.timeoutMs });
  const firstError = (r.stderr ?? '').split('\n').find((l) => /err/i.test(l)) ?? '';
  if (r.error) return { error: r.error.code === 'ETIMEDOUT' ? `npm timed out after ${NPM.timeoutMs / 1000} s` : `npm: ${r.error.message}` };
  if (r.status !== 0) return { error: `npm ${args[0]} exit ${r.status}${firstError ? `: ${firstError.trim()}` : ''}` };
  return { stdout: r.stdout };
}

/** 1.2.3 < 1.2.10 < 2.0.0-beta < 2.0.0rc < 2.0.0; old npm versions such as 1.0.0beta2 too. */
export function compareVersions(a, b) {
  const parse = (v) => {
    const m = /^(\d+)\.(\d+)\.(\d+)(.*)$/.exec(v) ?? [v, 0, 0, 0, v];
    return { nums: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4].replace(/^[-.]/, '') };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) if (x.nums[i] !== y.nums[i]) return x.nums[i] - y.nums[i];
  if (x.pre === y.pre) return 0;
  if (!x.pre || !y.pre) return x.pre ? -1 : 1; // a release sorts after its pre-releases
  return x.pre.localeCompare(y.pre, 'en', { numeric: true });
}

/** { versions, time } from the registry, cached in dir/meta.json; { error } when unreachable. */
function registryMeta(pkg, dir) {
  const file = path.join(dir, 'meta.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'));
  const r = npm(['view', pkg, 'versions', 'time', '--json'], dir);
  if (r.error) return { error: r.error };
  const meta = JSON.parse(r.stdout);
  if (!Array.isArray(meta.versions) || !meta.time) return { error: `npm view ${pkg}: no versions/time in the answer` };
  fs.writeFileSync(file, `${JSON.stringify({ versions: meta.versions, time: meta.time })}\n`);
  return meta;
}

const tarball = (dir, pkg, v) => path.join(dir, `${pkg.replace(/^@/, '').replace('/', '-')}-${v}.tgz`);

/**
 * Fetches the versions' tarballs not yet in dir: batches, then one by one when a batch fails
 * (a version listed but no longer served); three failures in a row end it (registry down).
 */
function fetchTarballs(pkg, versions, dir, log) {
  const missing = versions.filter((v) => !fs.existsSync(tarball(dir, pkg, v)));
  if (missing.length) log(`  fetching ${missing.length} tarballs of ${pkg} with npm pack …`);
  const failed = [];
  let inARow = 0;
  for (let i = 0; i < missing.length && inARow < 3; i += NPM.batch) {
    const batch = missing.slice(i, i + NPM.batch);
    if (!npm(['pack', ...batch.map((v) => `${pkg}@${v}`), '--pack-destination', dir], dir).error) continue;
    for (const v of batch) {
      if (inARow >= 3) break;
      if (fs.existsSync(tarball(dir, pkg, v))) continue;
      const r = npm(['pack', `${pkg}@${v}`, '--pack-destination', dir], dir);
      inARow = r.error ? inARow + 1 : 0;
      if (r.error) failed.push(`${v} (${r.error})`);
    }
  }
  return { have: versions.filter((v) => fs.existsSync(tarball(dir, pkg, v))), failed };
}

/** "Name <email>" for fast-import from package.json's author (string or object). */
function authorOf(pkgJson, pkg) {
  const a = pkgJson.author ?? pkgJson.contributors?.[0] ?? pkgJson.maintainers?.[0];
  const parsed = typeof a === 'string' ? /^([^<(]*)(?:<([^>]*)>)?/.exec(a) : null;
  const name = (typeof a === 'object' && a ? a.name : parsed?.[1]) ?? '';
  const email = (typeof a === 'object' && a ? a.email : parsed?.[2]) ?? '';
  const clean = (s) => String(s).replace(/[<>\n\r]/g, '').trim();
  return `${clean(name) || `${pkg} maintainers`} <${clean(email).replace(/\s/g, '') || 'unknown@registry.invalid'}>`;
}

/** The files of one tarball (its single top directory stripped) as fast-import ops. */
function treeOps(tgz, tmp) {
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  sh('tar', ['-xzf', tgz, '-C', tmp, '--strip-components=1', '--no-same-owner', '--no-same-permissions']);
  const ops = [{ op: 'deleteall' }];
  let pkgJson = {};
  for (const f of walkFiles(tmp)) {
    const rel = path.relative(tmp, f.path).split(path.sep).join('/');
    if (/[\n"\\]/.test(rel) || rel.startsWith('.git/')) continue; // paths fast-import would need quoted; a nested .git
    const content = fs.readFileSync(f.path);
    const mode = fs.statSync(f.path).mode & 0o111 ? '100755' : '100644';
    ops.push({ op: 'M', path: rel, content, mode });
    if (rel === 'package.json') pkgJson = safeJson(content);
  }
  return { ops, pkgJson };
}

function safeJson(buf) {
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch {
    return {};
  }
}

/** One commit per version, oldest version first; majors on their own branch, the newest on main. */
function writeStreamFile(pkg, versions, meta, dir, streamFile) {
  const fi = new FastImport(streamFile);
  const tmp = path.join(dir, 'unpacked');
  const major = (v) => v.split('.')[0];
  const lastMajor = major(versions[versions.length - 1]);
  let prevMark = null;
  let prevMajor = null;
  let committerTime = 0;
  for (const v of versions) {
    const { ops, pkgJson } = treeOps(tarball(dir, pkg, v), tmp);
    const published = Math.floor(Date.parse(meta.time[v] ?? '') / 1000);
    const time = Number.isFinite(published) ? published : committerTime + 86400;
    // The registry's dates need not follow version order (republished packages): author dates
    // are kept as published, committer dates made non-decreasing, as after a rebase.
    committerTime = Math.max(time, committerTime + 1);
    const m = major(v);
    const ref = m === lastMajor ? 'refs/heads/main' : `refs/heads/${m}.x`;
    const who = authorOf(pkgJson, pkg);
    const message = `${pkg} ${v}\n\nRebuilt from the published tarball (${meta.time[v] ?? 'date unknown'}).\n`;
    prevMark = fi.commit({ ref, who, time, committerTime, message, from: m !== prevMajor && prevMark ? `:${prevMark}` : undefined, ops });
    fi.tag(`v${v}`, prevMark);
    prevMajor = m;
  }
  fi.close();
  fs.rmSync(tmp, { recursive: true, force: true });
  return fi.bytes;
}

/**
 * .bench/real-history-<pkg>: the package's published versions as a git history.
 * Returns { repo, pkg, versions, failed[], ...historyInfo } or { pkg, skipped: reason }.
 */
export function ensureRealHistory(benchDir, pkg, log) {
  const name = pkg.replace(/^@/, '').replace('/', '-');
  const repo = path.join(benchDir, `real-history-${name}`);
  const stamp = `${repo}.stamp`;
  const dir = path.resolve(benchDir, 'registry', name); // npm runs in it: relative paths would resolve twice
  fs.mkdirSync(dir, { recursive: true });
  if (fs.existsSync(path.join(repo, '.git')) && stampOk(stamp, RECIPE)) {
    const info = JSON.parse(fs.readFileSync(path.join(dir, 'built.json'), 'utf8'));
    return { repo, pkg, ...info, ...historyInfo(repo) };
  }
  const t0 = Date.now();
  log(`building .bench/real-history-${name} from the npm registry (once; tarballs cached in .bench/registry/${name}) …`);
  const meta = registryMeta(pkg, dir);
  if (meta.error) return { pkg, skipped: `registry unreachable (${meta.error})` };
  const wanted = [...meta.versions].sort(compareVersions);
  const { have, failed } = fetchTarballs(pkg, wanted, dir, log);
  if (have.length < 2) return { pkg, skipped: `only ${have.length} of ${wanted.length} tarballs could be fetched${failed.length ? `: ${failed[0]}` : ''}` };
  const streamFile = path.join(benchDir, `real-history-${name}.fast-import`);
  const streamBytes = writeStreamFile(pkg, have, meta, dir, streamFile);
  importStream(repo, streamFile);
  sh('git', ['-C', repo, 'symbolic-ref', 'HEAD', 'refs/heads/main']);
  sh('git', ['-C', repo, 'gc', '--quiet', '--prune=now']);
  const info = { versions: have.length, failed, first: have[0], last: have[have.length - 1] };
  fs.writeFileSync(path.join(dir, 'built.json'), `${JSON.stringify(info)}\n`);
  writeStamp(stamp, RECIPE);
  log(`  ${have.length} versions (${info.first} … ${info.last}), stream ${(streamBytes / 1e6).toFixed(0)} MB, built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return { repo, pkg, ...info, ...historyInfo(repo) };
}
