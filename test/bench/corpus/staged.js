// The staged repo: 10k files in one commit, five staged changes re-made on every call.
import fs from 'node:fs';
import path from 'node:path';
import { AUTHORS, FastImport, importStream } from './fast-import.js';
import { prng, sh, stampOk, writeStamp } from './util.js';

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
