#!/usr/bin/env node
// keyhound benchmark — `npm run bench` (builds first) or `node test/bench/run.js`.
//
//   node test/bench/run.js [working-tree|one-line|git|real-history|staged|artifacts|precision]… [--runs N] [--compare DIR]
//
// --compare DIR: another checkout of keyhound, built (its bin/ and dist/), run interleaved with
// this one in the working-tree and git cases; the summary gives this build's time over it.
//
// A benchmark, not a test: it prints figures next to their targets and never fails on
// speed. Each case measures keyhound against a floor measured in the same run on the
// same input (the cost of merely reading it), so figures from different machines and
// different days stay comparable through the ratio. Inputs are built once under .bench/
// (gitignored) from this repo's own node_modules, generated (one-line) or rebuilt from a
// real project's npm releases (real-history); see corpus.js.
//
// A case whose keyhound command errors (a crash, exit 2, no report) prints the error
// and the bench goes on with the next case.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureArtifacts, ensureHistoryRepo, ensureStagedRepo, hasBinary, treeStats } from './corpus.js';
import { gnuTime, jsonSummary, measureMany, runOnce } from './measure.js';
import { error, fmt, heading, log, summaryTable } from './report.js';
import { ensureSynthetic, formatRow, measureScan } from './history-memory.js';
import { BENCH, BIN, ROOT, TMP, awsOnlyBin, emit, keyhound, missed, rel, shell } from './harness.js';
import { gitCase } from './cases/git.js';
import { oneLineCase } from './cases/one-line.js';
import { realHistoryCase } from './cases/real-history.js';
import { ensureRuleSets } from './rule-scaling.js';
import { precisionCase } from './cases/precision.js';

const TARGET = { compareRatio: 1.1, shippedRulesRatio: 1.5, treeMBps: 100, gitRatio: 2, gitGoal: 1.5, gitRssMB: 300, stagedSeconds: 0.3, tokenRulesRatio: 1.3, genericRulesRatio: 2 };

// ------------------------------------------------------------------ arguments

const CASES = ['working-tree', 'one-line', 'git', 'real-history', 'staged', 'artifacts', 'rule-scaling'];
/**
 * Named only: not part of a default run (history-memory builds a 100k-commit history once,
 * ~20 s; precision installs seven SDKs from the npm registry once, ~850 MB).
 */
const OPT_IN = ['history-memory', 'precision'];

function parseArgs(argv) {
  const opts = { cases: [], runs: null, compare: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs' || a.startsWith('--runs=')) {
      const v = a.includes('=') ? a.slice(7) : argv[++i];
      opts.runs = Number(v);
      if (!Number.isInteger(opts.runs) || opts.runs < 1) usage(`--runs wants a positive integer, got ${v}`);
    } else if (a === '--compare' || a.startsWith('--compare=')) {
      const v = a.includes('=') ? a.slice(10) : argv[++i];
      if (!v) usage('--compare wants the directory of another keyhound checkout');
      opts.compare = path.resolve(v);
      for (const need of ['bin/keyhound.js', 'dist/cli/main.js']) {
        if (!fs.existsSync(path.join(opts.compare, need))) usage(`--compare ${v}: no ${need} there (a built keyhound checkout is needed)`);
      }
    } else if (a === '-h' || a === '--help') {
      usage();
    } else if (CASES.includes(a) || OPT_IN.includes(a)) {
      if (!opts.cases.includes(a)) opts.cases.push(a);
    } else {
      usage(`unknown argument: ${a}`);
    }
  }
  if (opts.cases.length === 0) opts.cases = [...CASES];
  return opts;
}

function usage(problem) {
  if (problem) process.stderr.write(`${problem}\n`);
  process.stderr.write(`usage: node test/bench/run.js [${[...CASES, ...OPT_IN].join('|')}]… [--runs N] [--compare DIR]\n`);
  process.exit(problem ? 2 : 0);
}

// ------------------------------------------------------------------ cases

let treeCache;
function nodeModulesStats() {
  treeCache ??= treeStats(path.join(ROOT, 'node_modules'));
  return treeCache;
}

/**
 * The same command by the --compare build, and this build's time over it (issue #16: new
 * decoders within 10 % of the build before them), or nothing without --compare.
 */
function compared(compare, prefix, key, label, args, bytes) {
  if (!compare) return { specs: [], items: [] };
  const name = path.basename(compare);
  return {
    specs: [keyhound('cmp', `${label}, ${name} build`, args, path.join(compare, 'bin', 'keyhound.js'))],
    items: [
      { key: 'cmp', case: `${prefix}: ${name} build`, bytes, floorKey: 'floor' },
      {
        key,
        case: `${prefix}: this build / ${name}`,
        floorKey: 'cmp',
        target: `≤ ${TARGET.compareRatio}×`,
        check: (r) => missed(r.ratio > TARGET.compareRatio, `${fmt.ratio(r.ratio)} > ${TARGET.compareRatio}× ${name}`),
      },
    ],
  };
}

function workingTree({ runs, compare }, rows) {
  const tree = nodeModulesStats();
  heading('working tree', `node_modules: ${tree.files} files, ${fmt.mb(tree.bytes)}; median of ${runs}`);
  const floor = shell('floor', 'floor: find | xargs cat', 'find node_modules/ -type f -print0 | xargs -0 cat > /dev/null');
  runOnce(floor, TMP); // warm-up: page cache hot for both
  const kh = keyhound('kh', 'keyhound scan --format json', ['scan', 'node_modules', '--format', 'json', ...TREE_FLAGS]);
  // Every shipped rule against the AWS rules alone, same run (issue #14: ≤ 1.5×).
  const aws = keyhound('aws', 'keyhound scan, AWS rules only', ['scan', 'node_modules', '--format', 'json', ...TREE_FLAGS], awsBin());
  const cmp = compared(compare, 'tree', 'kh', 'keyhound scan --format json', ['scan', 'node_modules', '--format', 'json', ...TREE_FLAGS], tree.bytes);
  const results = measureMany([floor, kh, aws, ...cmp.specs], { runs, tmpDir: TMP });
  emit(
    results,
    [
      { key: 'floor', case: 'tree: cat floor', bytes: tree.bytes },
      {
        key: 'kh',
        case: 'tree: keyhound scan',
        bytes: tree.bytes,
        floorKey: 'floor',
        target: `≥ ${TARGET.treeMBps} MB/s`,
        check: (r) => missed(r.mbps < TARGET.treeMBps, `${r.mbps.toFixed(1)} < ${TARGET.treeMBps} MB/s`),
      },
      { key: 'aws', case: 'tree: AWS rules only', bytes: tree.bytes, floorKey: 'floor' },
      shippedVsAws('tree'),
      ...cmp.items,
    ],
    rows,
  );
}

/** The rule set's cost: every shipped rule over the AWS rules alone on the same input. */
export function shippedVsAws(prefix, key = 'kh') {
  return {
    key,
    case: `${prefix}: all shipped rules / AWS only`,
    floorKey: 'aws',
    target: `≤ ${TARGET.shippedRulesRatio}×`,
    check: (r) => missed(r.ratio > TARGET.shippedRulesRatio, `${fmt.ratio(r.ratio)} > ${TARGET.shippedRulesRatio}× AWS only`),
  };
}

/** The scan of node_modules must walk it: installed-dependency directories are skipped by default. */
const TREE_FLAGS = ['--no-default-excludes'];
let awsBinPath;
const awsBin = () => (awsBinPath ??= awsOnlyBin());

const gitTarget = { awsOnly: awsBin, shipped: shippedVsAws, ratio: TARGET.gitRatio, goal: TARGET.gitGoal, rssMB: TARGET.gitRssMB };

function gitHistory({ runs, compare }, rows) {
  const h = ensureHistoryRepo(ROOT, BENCH, log);
  const cmp = compared(compare, 'git', 'json', 'keyhound git --format json', ['git', rel(h.repo), '--format', 'json'], h.bytes);
  gitCase({ h, title: 'git history', runs, rows, prefix: 'git', target: gitTarget, compared: cmp });
}

const oneLine = ({ runs }, rows) => oneLineCase({ runs, targetMBps: TARGET.treeMBps }, rows);
const realHistory = ({ runs }, rows) => realHistoryCase({ runs, target: gitTarget }, rows);

function staged({ runs }, rows) {
  const s = ensureStagedRepo(BENCH, log);
  heading('staged', `${rel(s.repo)}: ${s.files} files, ${s.staged} staged changes; wall time incl. Node start-up, median of ${runs}`);
  const floor = { key: 'floor', label: 'floor: node -e 0', cmd: process.execPath, args: ['-e', '0'], cwd: ROOT, node: true };
  const kh = keyhound('kh', 'keyhound staged', ['staged', rel(s.repo)]);
  const results = measureMany([floor, kh], { runs, warmup: 1, tmpDir: TMP });
  emit(
    results,
    [
      { key: 'floor', case: 'staged: node -e 0' },
      {
        key: 'kh',
        case: 'staged: keyhound staged',
        floorKey: 'floor',
        target: `< ${TARGET.stagedSeconds} s`,
        check: (r) => missed(r.median >= TARGET.stagedSeconds, `${fmt.s(r.median)} ≥ ${TARGET.stagedSeconds} s`),
      },
    ],
    rows,
  );
}

function artifacts({ runs }, rows) {
  const a = ensureArtifacts(ROOT, BENCH, log);
  const { bytes: content, files } = nodeModulesStats(); // symlinks stored as links: content = regular files
  const sizes = [a.zip && `zip ${fmt.mb(fs.statSync(a.zip).size)}`, a.tgz && `tar.gz ${fmt.mb(fs.statSync(a.tgz).size)}`].filter(Boolean);
  heading('artifacts', `node_modules as ${sizes.join(', ')}; ${fmt.mb(content)} uncompressed; median of ${runs}`);
  for (const s of a.skipped) log(`  skipped: ${s}`);
  const specs = [];
  const items = [];
  if (a.zip) {
    if (hasBinary('unzip')) {
      specs.push({ key: 'zipFloor', label: 'floor: unzip -p', cmd: 'unzip', args: ['-p', a.zip], cwd: ROOT });
      items.push({ key: 'zipFloor', case: 'zip: unzip floor', bytes: content });
    }
    specs.push(keyhound('zip', 'keyhound scan zip --format json', ['scan', rel(a.zip), '--format', 'json']));
    items.push({ key: 'zip', case: 'zip: keyhound scan', bytes: content, floorKey: a.zip && hasBinary('unzip') ? 'zipFloor' : null, target: 'MB/s (no target)', check: coverage });
  }
  if (a.tgz) {
    specs.push({ key: 'tgzFloor', label: 'floor: tar xzf -O', cmd: 'tar', args: ['-xzf', a.tgz, '-O'], cwd: ROOT });
    items.push({ key: 'tgzFloor', case: 'tar.gz: tar floor', bytes: content });
    specs.push(keyhound('tgz', 'keyhound scan tgz --format json', ['scan', rel(a.tgz), '--format', 'json']));
    items.push({ key: 'tgz', case: 'tar.gz: keyhound scan', bytes: content, floorKey: 'tgzFloor', target: 'MB/s (no target)', check: coverage });
  }
  for (const s of specs) if (!s.node) runOnce(s, TMP); // warm-up floors
  const results = measureMany(specs, { runs, tmpDir: TMP });

  // "MB/s of uncompressed content" is only honest if keyhound opened every entry
  // (bytesScanned counts the archive file itself, so compare entry counts).
  function coverage(row) {
    const res = [...results.values()].find((r) => r.label === row.label);
    const entries = jsonSummary(res?.stdout ?? '')?.extra?.archiveEntries;
    if (typeof entries !== 'number') return [];
    return entries < files * 0.99 ? [`opened only ${entries} of ${files} entries`] : [];
  }
  emit(results, items, rows);
}

/** The working tree with built-in rules only, +200 token rules, +200 and 20 generic rules. */
function ruleScaling({ runs }, rows) {
  const tree = nodeModulesStats();
  const sets = ensureRuleSets(BENCH);
  heading('rule scaling', `node_modules: ${tree.files} files, ${fmt.mb(tree.bytes)}; rules generated into ${rel(path.dirname(sets.tokens))}; ratio to built-in only, median of ${runs}`);
  const scan = ['scan', 'node_modules', '--format', 'json', '--no-default-excludes'];
  const specs = [
    keyhound('builtin', 'keyhound scan (built-in rules)', scan),
    keyhound('tokens', `keyhound scan --rules +${sets.counts.tokens} token rules`, [...scan, '--rules', rel(sets.tokens)]),
    keyhound('both', `keyhound scan --rules +${sets.counts.tokens} token +${sets.counts.generic} generic`, [...scan, '--rules', rel(sets.both)]),
  ];
  const results = measureMany(specs, { runs, warmup: 1, tmpDir: TMP });
  const within = (max) => (r) => missed(r.ratio > max, `${fmt.ratio(r.ratio)} > ${max}× built-in only`);
  emit(
    results,
    [
      { key: 'builtin', case: 'rules: built-in only', bytes: tree.bytes },
      { key: 'tokens', case: 'rules: +200 token', bytes: tree.bytes, floorKey: 'builtin', target: `≤ ${TARGET.tokenRulesRatio}×`, check: within(TARGET.tokenRulesRatio) },
      { key: 'both', case: 'rules: +200 token +20 generic', bytes: tree.bytes, floorKey: 'builtin', target: `≤ ${TARGET.genericRulesRatio}×`, check: within(TARGET.genericRulesRatio) },
    ],
    rows,
  );
}

/** Peak RSS on a synthetic 100k-commit history (more sizes: history-memory.js --commits N). */
async function historyMemory({ runs }, rows) {
  const repo = await ensureSynthetic(100_000, BENCH, log);
  heading('history memory', `${rel(repo)}: 100000 commits, one new blob each; peak RSS, max of ${runs}`);
  let worst = null;
  for (let i = 0; i < runs; i++) {
    const m = measureScan(BIN, repo, TMP);
    log(formatRow(100_000, m));
    if (!worst || m.nodeRss > worst.nodeRss) worst = m;
  }
  rows.push({ case: 'history: keyhound RSS', label: 'keyhound git (100k commits)', median: worst.seconds, rss: worst.nodeRss, target: 'RSS (no target)', notes: [] });
}

// ------------------------------------------------------------------ main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  fs.mkdirSync(TMP, { recursive: true });
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) {
    process.stderr.write('dist/ is missing: build first (npx tsc -p . or npm run bench)\n');
    process.exit(2);
  }
  const cpu = os.cpus();
  log(
    `keyhound bench — node ${process.version}, ${cpu.length} × ${cpu[0]?.model?.trim() ?? 'cpu'}, ` +
      `${fmt.mb(os.totalmem())} RAM, load ${os.loadavg()[0].toFixed(1)}, peak RSS via ${gnuTime(TMP) ? '/usr/bin/time -v' : 'process.resourceUsage (node only)'}`,
  );
  const rows = [];
  const run = { 'working-tree': workingTree, 'one-line': oneLine, git: gitHistory, 'real-history': realHistory, staged, artifacts, 'rule-scaling': ruleScaling, 'history-memory': historyMemory, precision: precisionCase };
  for (const c of opts.cases) {
    const runs = opts.runs ?? (c === 'staged' ? 10 : c === 'history-memory' || c === 'precision' ? 1 : 5);
    try {
      await run[c]({ runs, compare: opts.compare }, rows);
    } catch (e) {
      heading(c);
      error(e instanceof Error ? e.message : String(e));
      rows.push({ case: c, error: true, target: '' });
    }
  }
  summaryTable(rows);
  fs.rmSync(TMP, { recursive: true, force: true });
}

await main();
