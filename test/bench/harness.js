import fs from 'node:fs';
// What the bench cases share: paths, how keyhound is invoked, and how measured results
// become printed lines and summary rows.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { jsonSummary } from './measure.js';
import { MB, error, fmt, line, log } from './report.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BENCH = path.join(ROOT, '.bench');
export const TMP = path.join(BENCH, 'tmp');
export const BIN = path.join(ROOT, 'bin', 'keyhound.js');
export const rel = (p) => path.relative(ROOT, p) || '.';

/**
 * A copy of the built package whose built-in rules are rules/aws.yaml alone (dist and bin
 * copied, node_modules linked), rebuilt on every run: the AWS-only side of the rule-set
 * comparison runs the same trusted built-in path as the real one, not --rules.
 */
export function awsOnlyBin() {
  const dir = path.join(BENCH, 'aws-only');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'rules'), { recursive: true });
  for (const d of ['dist', 'bin']) fs.cpSync(path.join(ROOT, d), path.join(dir, d), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  fs.copyFileSync(path.join(ROOT, 'rules', 'aws.yaml'), path.join(dir, 'rules', 'aws.yaml'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return path.join(dir, 'bin', 'keyhound.js');
}

/** A keyhound invocation as a user would run it; exit 0 (clean) and 1 (findings) are both fine. */
export function keyhound(key, label, args, bin = BIN) {
  const json = args.includes('json');
  return {
    key,
    label,
    cmd: process.execPath,
    args: [bin, ...args],
    cwd: ROOT,
    capture: true,
    node: true,
    okCodes: [0, 1],
    validate(r) {
      // An uncaught exception also exits 1: tell it apart from "findings".
      if (/^\s+at .+:\d+:\d+\)?$/m.test(r.stderr) && /Error|Exception/.test(r.stderr)) return `crashed (exit ${r.code})`;
      if (json && !jsonSummary(r.stdout)) return `exit ${r.code}, no JSON report on stdout`;
      if (!json && r.code === 1 && !r.stdout.trim()) return 'exit 1 with no report on stdout';
      return null;
    },
  };
}

export const shell = (key, label, script) => ({ key, label, cmd: '/bin/sh', args: ['-c', script], cwd: ROOT });

function summaryNote(res) {
  const s = jsonSummary(res.stdout);
  if (!s) return null;
  const bits = [];
  if (s.filesScanned != null) bits.push(`${s.filesScanned} files`);
  if (s.blobsScanned != null) bits.push(`${s.blobsScanned} blobs`);
  if (s.bytesScanned != null) bits.push(`${fmt.mb(s.bytesScanned)} scanned`);
  if (s.extra?.archiveEntries != null) bits.push(`${s.extra.archiveEntries} archive entries`);
  if (s.findings != null) bits.push(`${s.findings} findings`);
  if (s.warnings) bits.push(`${s.warnings} warnings`);
  if (s.durationMs != null) bits.push(`durationMs ${s.durationMs}`);
  if (s.complete === false) bits.push('INCOMPLETE');
  return `      report: ${bits.join(', ')}`;
}

/**
 * Turn measured results into printed lines and summary rows.
 * items: [{ key, case, bytes, floorKey, target, check(row, res) → notes[] }]
 */
export function emit(results, items, rows) {
  for (const it of items) {
    const res = results.get(it.key);
    const floor = it.floorKey ? results.get(it.floorKey) : null;
    const row = { case: it.case, label: res.label, target: it.target, notes: [], rss: res.rssBytes };
    if (res.error) {
      error(res.error);
      rows.push({ ...row, error: res.error });
      continue;
    }
    row.median = res.median;
    row.mbps = it.bytes ? it.bytes / MB / res.median : null;
    row.ratio = floor && !floor.error && Number.isFinite(floor.median) ? res.median / floor.median : null;
    row.notes = it.check ? it.check(row, res) : [];
    line(row);
    const note = summaryNote(res);
    if (note) log(note);
    if (!it.hidden) rows.push(row);
  }
}

export const missed = (cond, text) => (cond ? [`MISSED ${text}`] : []);
