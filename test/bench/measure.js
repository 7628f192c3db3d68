// Timing and memory measurement for the benchmark.
//
// Every command runs as a child process with its stdout going to a file (or /dev/null),
// never through a pipe into this process, so the figures are not skewed by how fast
// the benchmark drains output. Wall time is taken around the child; peak RSS comes from
// GNU `/usr/bin/time -v` when present (the largest resident set of the child and the
// descendants it waited for), otherwise — for Node children only — from
// `process.resourceUsage().maxRSS` written by a preloaded probe (rss-probe.js).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const PROBE = pathToFileURL(path.join(here, 'rss-probe.js')).href;

let timeBinary; // undefined = not checked yet, null = unusable

/** Whether `/usr/bin/time -v -o FILE` works here (GNU time; busybox has no -v). */
export function gnuTime(tmpDir) {
  if (timeBinary !== undefined) return timeBinary;
  timeBinary = null;
  // KEYHOUND_BENCH_NO_TIME=1 forces the fallback (to check it on machines that have GNU time).
  if (process.env.KEYHOUND_BENCH_NO_TIME || !fs.existsSync('/usr/bin/time')) return null;
  const out = path.join(tmpDir, 'time-check.txt');
  const r = spawnSync('/usr/bin/time', ['-v', '-o', out, 'true'], { stdio: 'ignore' });
  if (r.status === 0 && fs.existsSync(out) && /Maximum resident set size/.test(fs.readFileSync(out, 'utf8'))) {
    timeBinary = '/usr/bin/time';
  }
  return timeBinary;
}

/**
 * Run a command once.
 * spec: { cmd, args, cwd, env, capture (keep stdout in memory), node (cmd is node: allow the RSS probe) }
 * Returns { seconds, rssBytes, code, signal, stdout, stderr }.
 */
export function runOnce(spec, tmpDir) {
  const outFile = path.join(tmpDir, 'stdout');
  const errFile = path.join(tmpDir, 'stderr');
  const rssFile = path.join(tmpDir, 'rss.txt');
  fs.rmSync(rssFile, { force: true });
  const outFd = fs.openSync(spec.capture ? outFile : '/dev/null', 'w');
  const errFd = fs.openSync(errFile, 'w');
  let cmd = spec.cmd;
  let args = spec.args ?? [];
  const env = { ...process.env, ...(spec.env ?? {}) };
  const time = gnuTime(tmpDir);
  if (time) {
    args = ['-v', '-o', rssFile, cmd, ...args];
    cmd = time;
  } else if (spec.node) {
    args = ['--import', PROBE, ...args];
    env.KEYHOUND_BENCH_RSS_FILE = rssFile;
  }
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: spec.cwd, env, stdio: ['ignore', outFd, errFd] });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  fs.closeSync(outFd);
  fs.closeSync(errFd);
  let rssBytes = null;
  if (fs.existsSync(rssFile)) {
    const text = fs.readFileSync(rssFile, 'utf8');
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(text) ?? /^(\d+)\s*$/.exec(text);
    if (m) rssBytes = Number(m[1]) * 1024;
  }
  return {
    seconds,
    rssBytes,
    code: r.error ? null : r.status,
    signal: r.signal,
    spawnError: r.error?.message,
    stdout: spec.capture ? fs.readFileSync(outFile, 'utf8') : '',
    stderr: fs.readFileSync(errFile, 'utf8'),
  };
}

export function median(xs) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function okCode(spec, code) {
  return (spec.okCodes ?? [0]).includes(code);
}

function describeFailure(spec, r, reason) {
  const why = r.spawnError ? `could not start: ${r.spawnError}` : r.signal ? `killed by ${r.signal}` : reason;
  // The message, not the stack: error-looking lines first, else the last few lines.
  const lines = r.stderr.split('\n').filter((l) => l.trim() && !/^\s+at |^Node\.js v|^\s*\^+\s*$/.test(l));
  const errs = lines.filter((l) => /\b\w*(Error|Exception)\b|error:|fatal:/i.test(l));
  const tail = (errs.length ? errs.slice(0, 3) : lines.slice(-4)).map((l) => l.trim().slice(0, 200)).join('\n    ');
  return `${spec.label}: ${why}${tail ? `\n    ${tail}` : ''}`;
}

/**
 * Measure several commands over the same input, interleaved run by run so that drift
 * (page cache, CPU frequency, other load) hits them alike.
 * specs: [{ key, label, cmd, args, cwd, capture, node, okCodes, validate(result) → error string | null }]
 * opts: { runs, warmup (number of untimed rounds), tmpDir, onRun(key, i, result) }
 * Returns Map key → { label, seconds[], median, rssBytes (max over runs), code, stdout (last run), error }.
 */
export function measureMany(specs, { runs, warmup = 0, tmpDir, onRun }) {
  const results = new Map(
    specs.map((s) => [s.key, { label: s.label, seconds: [], median: NaN, rssBytes: null, code: null, stdout: '', error: null }]),
  );
  for (let round = -warmup; round < runs; round++) {
    for (const spec of specs) {
      const res = results.get(spec.key);
      if (res.error) continue; // a broken command is not retried
      const r = runOnce(spec, tmpDir);
      res.code = r.code;
      const invalid = okCode(spec, r.code) ? spec.validate?.(r) : `exit ${r.code}`;
      if (invalid) {
        res.error = describeFailure(spec, r, invalid);
        continue;
      }
      if (round < 0) continue; // warm-up
      res.seconds.push(r.seconds);
      if (r.rssBytes != null) res.rssBytes = Math.max(res.rssBytes ?? 0, r.rssBytes);
      if (spec.capture) res.stdout = r.stdout;
      onRun?.(spec.key, round, r);
    }
  }
  for (const res of results.values()) res.median = median(res.seconds);
  return results;
}

/** The `summary` of a keyhound JSON report, or null when the output is not one. */
export function jsonSummary(stdout) {
  try {
    const doc = JSON.parse(stdout);
    return doc && typeof doc === 'object' && doc.summary ? doc.summary : null;
  } catch {
    return null;
  }
}
