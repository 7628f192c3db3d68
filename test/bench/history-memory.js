#!/usr/bin/env node
// What a history scan keeps per commit and per blob: peak RSS of `keyhound git REPO --format
// json` on synthetic histories (synthetic-history.js: one new small blob per commit) of
// growing length. A benchmark, not a test: it prints figures and never fails on them.
//
//   node test/bench/history-memory.js [--commits N]… [--bin path/to/keyhound.js]
//   node test/bench/run.js history-memory          (100k commits; opt-in, not in the default run)
//
// Default sizes: 10k and 100k commits. `--commits 1000000` (opt-in: ~6 min to build, once,
// and a few minutes a scan) is the figure the README's bound is about. Repositories are
// built once under .bench/synthetic-<N>/ and reused. `--bin` measures another build (e.g. a
// main checkout's) on the same inputs. Two figures per run: the keyhound process itself
// (process.resourceUsage().maxRSS, worker threads included) and, with GNU time, the largest
// of it and every git child it waited for (git log's own parsed commits grow with history).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSyntheticHistory } from './synthetic-history.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '..', '..');
const PROBE = pathToFileURL(path.join(here, 'rss-probe.js')).href;
const MB = 1e6;
const STAMP = 'synthetic-history v1';

/** The repository for `commits`, built if missing. */
export async function ensureSynthetic(commits, benchDir = path.join(ROOT, '.bench'), log = (s) => process.stderr.write(`${s}\n`)) {
  const repo = path.join(benchDir, `synthetic-${commits}`);
  const stamp = `${repo}.stamp`;
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === STAMP) return repo;
  fs.rmSync(repo, { recursive: true, force: true });
  log(`building ${path.relative(ROOT, repo)} (${commits} commits; once, cached) …`);
  const t0 = Date.now();
  await buildSyntheticHistory(repo, { commits, paths: 3000, secrets: 20 });
  fs.writeFileSync(stamp, STAMP);
  log(`  built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return repo;
}

/** One scan: wall seconds, keyhound's own peak RSS, the largest of it and its git children. */
export function measureScan(bin, repo, tmpDir) {
  fs.mkdirSync(tmpDir, { recursive: true });
  const nodeFile = path.join(tmpDir, 'node-rss.txt');
  const timeFile = path.join(tmpDir, 'time.txt');
  fs.rmSync(nodeFile, { force: true });
  fs.rmSync(timeFile, { force: true });
  const nodeArgs = ['--import', PROBE, bin, 'git', repo, '--format', 'json'];
  const gnu = fs.existsSync('/usr/bin/time');
  const [cmd, args] = gnu ? ['/usr/bin/time', ['-v', '-o', timeFile, process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  const out = fs.openSync(path.join(tmpDir, 'report.json'), 'w');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env: { ...process.env, KEYHOUND_BENCH_RSS_FILE: nodeFile }, stdio: ['ignore', out, 'pipe'], maxBuffer: 64 << 20 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  fs.closeSync(out);
  if (r.status !== 0 && r.status !== 1) throw new Error(`keyhound exit ${r.status}: ${String(r.stderr).trim().slice(-500)}`);
  const report = JSON.parse(fs.readFileSync(path.join(tmpDir, 'report.json'), 'utf8'));
  const kb = (file, re) => (fs.existsSync(file) ? Number(re.exec(fs.readFileSync(file, 'utf8'))?.[1] ?? NaN) * 1024 : NaN);
  return {
    seconds,
    nodeRss: kb(nodeFile, /^(\d+)/),
    treeRss: gnu ? kb(timeFile, /Maximum resident set size \(kbytes\): (\d+)/) : NaN,
    commits: report.summary.extra?.commits,
    blobs: report.summary.extra?.blobs,
    findings: report.summary.findings,
    complete: report.summary.complete,
  };
}

export function formatRow(commits, m) {
  const mb = (b) => (Number.isFinite(b) ? `${(b / MB).toFixed(0)} MB` : '—');
  return (
    `  ${String(commits).padStart(8)} commits  ${m.seconds.toFixed(1).padStart(7)} s  keyhound ${mb(m.nodeRss).padStart(7)}  ` +
    `with git children ${mb(m.treeRss).padStart(7)}  (${m.blobs} blobs, ${m.findings} findings${m.complete ? '' : ', INCOMPLETE'})`
  );
}

async function main(argv) {
  const sizes = [];
  let bin = path.join(ROOT, 'bin', 'keyhound.js');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--commits') sizes.push(Number(argv[++i]));
    else if (argv[i] === '--bin') bin = path.resolve(argv[++i]);
    else {
      process.stderr.write('usage: node test/bench/history-memory.js [--commits N]… [--bin keyhound.js]\n');
      process.exit(2);
    }
  }
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--commits wants a positive integer');
  if (!sizes.length) sizes.push(10_000, 100_000);
  const tmp = path.join(ROOT, '.bench', 'tmp-history-memory');
  process.stdout.write(`history memory — ${path.relative(ROOT, bin) || bin}, node ${process.version}\n`);
  for (const n of sizes) {
    const repo = await ensureSynthetic(n);
    process.stdout.write(`${formatRow(n, measureScan(bin, repo, tmp))}\n`);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1])) {
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  });
}
