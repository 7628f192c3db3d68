#!/usr/bin/env node
// A synthetic history of any length, for measuring what a history scan keeps per commit and
// per blob (memory) rather than how fast it matches (run.js's git case, real source).
//
//   node test/bench/synthetic-history.js DIR --commits N [--paths P] [--secrets K]
//
// Builds a bare repository at DIR with `git fast-import` (the stream is generated here and
// piped in): N commits on main, each modifying one small file among P paths (spread over
// directories), so every commit introduces a new blob; ~40 authors, a unique subject per
// commit, a tag every 10,000 commits. K of the commits (spread evenly) add a file holding a
// fake AWS key pair generated now (never committed anywhere), so the scan has findings and
// provenance to build. Exported as `buildSyntheticHistory` for tests and the bench.
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const pick = (alphabet, n) => Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');

/** An old-style key id (no account encoded) and a secret, of the shapes the AWS rules find. */
function fakeAwsPair() {
  for (;;) {
    const id = 'AKIAI' + pick(BASE32.replace(/[IJ]/g, ''), 15);
    const secret = pick(B64, 40);
    if (!/(.)\1\1/.test(id.slice(4)) && /[A-Z]/.test(secret) && /[a-z]/.test(secret) && /[0-9]/.test(secret)) return { id, secret };
  }
}

const AUTHORS = Array.from({ length: 40 }, (_, i) => ({ name: `Dev ${String.fromCharCode(65 + (i % 26))}${i}`, email: `dev${i}@example.com` }));

/**
 * Build the repository. Resolves with what was built, including the fake keys (so a test can
 * look for them). Streams: memory stays small whatever N.
 */
export async function buildSyntheticHistory(dir, { commits, paths = 3000, secrets = 0, git = 'git' }) {
  fs.mkdirSync(dir, { recursive: true });
  await run(git, ['init', '--quiet', '--bare', dir]);
  await run(git, ['-C', dir, 'symbolic-ref', 'HEAD', 'refs/heads/main']);
  const fi = spawn(git, ['-C', dir, 'fast-import', '--quiet', '--done'], { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  fi.stderr.on('data', (d) => (stderr += d));
  const closed = new Promise((resolve) => fi.on('close', resolve));
  const keys = [];
  const secretEvery = secrets > 0 ? Math.max(1, Math.floor(commits / secrets)) : 0;
  const dirs = Math.max(1, Math.round(Math.sqrt(paths)));
  let time = 1577836800; // 2020-01-01
  let buf = '';
  const flush = async () => {
    if (!fi.stdin.write(buf)) await new Promise((r) => fi.stdin.once('drain', r));
    buf = '';
  };
  for (let i = 1; i <= commits; i++) {
    time += 60;
    const a = AUTHORS[i % AUTHORS.length];
    const f = (i * 7919) % paths;
    const path = `d${f % dirs}/file-${f}.txt`;
    const msg = `change ${i}: tune ${path}\n`;
    const body = `value ${i} for ${path}\nconstant line shared by every revision of every file\n`;
    let ops = `M 100644 inline ${path}\ndata ${Buffer.byteLength(body)}\n${body}\n`;
    if (secretEvery && i % secretEvery === 0 && keys.length < secrets) {
      const k = fakeAwsPair();
      keys.push({ ...k, commit: i, path: `keys/k${keys.length}.env` });
      const env = `AWS_ACCESS_KEY_ID=${k.id}\nAWS_SECRET_ACCESS_KEY=${k.secret}\n`;
      ops += `M 100644 inline keys/k${keys.length - 1}.env\ndata ${Buffer.byteLength(env)}\n${env}\n`;
    }
    buf +=
      `commit refs/heads/main\n` +
      `author ${a.name} <${a.email}> ${time} +0000\ncommitter ${a.name} <${a.email}> ${time} +0000\n` +
      `data ${Buffer.byteLength(msg)}\n${msg}${ops}\n`;
    if (i % 10000 === 0) buf += `reset refs/tags/t${i}\nfrom refs/heads/main\n\n`;
    if (buf.length > 1 << 20) await flush();
  }
  buf += 'done\n';
  await flush();
  fi.stdin.end();
  const code = await closed;
  if (code !== 0) throw new Error(`git fast-import: exit ${code}\n${stderr.trim()}`);
  return { repo: dir, commits, paths, keys };
}

function run(cmd, args) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')}: exit ${code}`))));
  });
}

function usage(problem) {
  if (problem) process.stderr.write(`${problem}\n`);
  process.stderr.write('usage: node test/bench/synthetic-history.js DIR --commits N [--paths P] [--secrets K]\n');
  process.exit(problem ? 2 : 0);
}

async function main(argv) {
  const opts = { commits: 0, paths: 3000, secrets: 20 };
  let dir;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const key = { '--commits': 'commits', '--paths': 'paths', '--secrets': 'secrets' }[a];
    if (key) {
      opts[key] = Number(argv[++i]);
      if (!Number.isInteger(opts[key]) || opts[key] < 0) usage(`${a} wants a non-negative integer`);
    } else if (a === '-h' || a === '--help') usage();
    else if (!dir && !a.startsWith('-')) dir = a;
    else usage(`unknown argument: ${a}`);
  }
  if (!dir || opts.commits < 1) usage('DIR and --commits N are required');
  if (fs.existsSync(dir) && fs.readdirSync(dir).length) usage(`${dir} exists and is not empty`);
  const t0 = Date.now();
  const r = await buildSyntheticHistory(dir, opts);
  process.stderr.write(`${dir}: ${r.commits} commits over ${r.paths} paths, ${r.keys.length} fake keys, ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1])) {
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  });
}
