#!/usr/bin/env node
// `keyhound repos` benchmark: N small bare repositories served as file:// URLs (each cloned
// into a fresh cache, then scanned), repos per minute and peak RSS, --jobs 1 against the
// default, and RSS at 50 against 200 repos (it must stay flat: results are streamed).
//
//   npm run build && node test/bench/repos.js [--repos 200]
//
// A benchmark, not a test: it prints figures and never fails on speed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BENCH, BIN, TMP } from './harness.js';
import { runOnce } from './measure.js';

const argv = process.argv.slice(2);
const total = Number(argv[argv.indexOf('--repos') + 1] || 200) || 200;
const ROOT = path.join(BENCH, 'repos');
const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.com' };
const git = (cwd, ...args) => execFileSync('git', args, { cwd, env, stdio: 'pipe' });

/** One template history (3 commits, 5 files), copied to N bare repos with one distinct commit each. */
function ensureRepos(n) {
  const done = path.join(ROOT, `ready-${n}`);
  if (fs.existsSync(done)) return;
  fs.rmSync(ROOT, { recursive: true, force: true });
  const work = path.join(ROOT, 'work');
  fs.mkdirSync(work, { recursive: true });
  git(work, 'init', '-q', '-b', 'main');
  for (let c = 0; c < 3; c++) {
    for (let f = 0; f < 5; f++) fs.writeFileSync(path.join(work, `file${f}.txt`), `commit ${c} file ${f}\n`.repeat(50));
    git(work, 'add', '-A');
    git(work, 'commit', '-q', '-m', `commit ${c}`);
  }
  for (let i = 0; i < n; i++) {
    fs.writeFileSync(path.join(work, 'id.txt'), `repo ${i}\n`);
    git(work, 'add', '-A');
    git(work, 'commit', '-q', '-m', `repo ${i}`);
    git(ROOT, 'clone', '-q', '--bare', work, path.join(ROOT, `r${String(i).padStart(4, '0')}.git`));
    git(work, 'reset', '-q', '--hard', 'HEAD~1');
  }
  fs.writeFileSync(done, '');
}

function list(n) {
  const file = path.join(ROOT, `list-${n}.txt`);
  const names = fs.readdirSync(ROOT).filter((d) => d.endsWith('.git')).sort().slice(0, n);
  fs.writeFileSync(file, names.map((d) => `file://${path.join(ROOT, d)}`).join('\n') + '\n');
  return file;
}

function measure(n, jobs) {
  const cache = path.join(TMP, `repos-cache-${n}-${jobs ?? 'default'}`);
  fs.rmSync(cache, { recursive: true, force: true });
  fs.mkdirSync(TMP, { recursive: true });
  const args = [BIN, 'repos', list(n), '--cache-dir', cache, '--format', 'json', ...(jobs ? ['--jobs', String(jobs)] : [])];
  const r = runOnce({ cmd: process.execPath, args, node: true, capture: true }, TMP);
  fs.rmSync(cache, { recursive: true, force: true });
  const scanned = r.stdout ? JSON.parse(r.stdout).repos.filter((x) => x.status === 'scanned').length : 0;
  return { n, jobs: jobs ?? 'default (4)', code: r.code, scanned, perMinute: (scanned / r.seconds) * 60, seconds: r.seconds, rssMB: r.rssBytes === null ? NaN : r.rssBytes / 2 ** 20 };
}

ensureRepos(total);
const rows = [measure(50, undefined), measure(total, undefined), measure(total, 1)];
console.log('repos  jobs          exit  scanned  seconds  repos/min  peak RSS');
for (const r of rows) {
  console.log(`${String(r.n).padStart(5)}  ${String(r.jobs).padEnd(12)}  ${String(r.code).padStart(4)}  ${String(r.scanned).padStart(7)}  ${r.seconds.toFixed(1).padStart(7)}  ${r.perMinute.toFixed(0).padStart(9)}  ${r.rssMB.toFixed(0)} MB`);
}
const [small, big] = rows;
console.log(`RSS ${small.n} → ${big.n} repos: ${small.rssMB.toFixed(0)} → ${big.rssMB.toFixed(0)} MB (${((big.rssMB / small.rssMB - 1) * 100).toFixed(0)}%: flat means streamed)`);
