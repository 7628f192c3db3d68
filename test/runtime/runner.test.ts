// Workers compile the one rule set the main thread loaded (RunnerConfig.rules): built-in and
// user rules alike, never reloaded from disk by each worker. So a rule file rewritten or
// deleted right after the main thread loaded it changes nothing, and a worker matches exactly
// the rules that set holds.
import { afterAll, describe, expect, test } from '@jest/globals';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { STREAM_OVER } from '../../src/decode/limits.js';
import { join } from 'node:path';
import { scan } from '../../src/scan.js';
import { loadRules } from '../../src/rules/load.js';
import { DEFAULT_LIMITS } from '../../src/decode/index.js';
import { WINDOWS_OUT, WorkerPool } from '../../src/runtime/pool.js';
import { filesSource } from '../../src/sources/files.js';
import { cleanupRepos, tempDir } from '../helpers/git-repo.js';
import { fakeKeyId, fakeSecret, randomFrom } from '../helpers/keys.js';

afterAll(() => cleanupRepos());

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

function rule(id: string, prefix: string): string {
  return [
    'rules:',
    `  - id: ${id}`,
    `    name: ${id}`,
    '    description: test rule',
    '    severity: high',
    `    keywords: [${prefix}]`,
    `    pattern: '${prefix}(?<secret>[a-z0-9]{24})'`,
    '    examples:',
    `      - 't = ${prefix}{{alnum:24}}'`,
    '',
  ].join('\n');
}

describe('scan() hands its rule set to the workers', () => {
  test.each([{ change: 'deleted' }, { change: 'rewritten' }])('a user rule file $change after loading still gives the same findings from 2 workers', async ({ change }) => {
    const dir = tempDir('keyhound-rules-');
    const file = join(dir, 'demo.yaml');
    writeFileSync(file, rule('demo-token', 'demo_'));
    // Only the user rule: built-in AWS rules must not match in the workers either.
    const ruleSet = await loadRules({ extra: [file], builtin: false });
    if (change === 'deleted') rmSync(file);
    else writeFileSync(file, rule('other-token', 'other_'));

    // Enough files that batches go to both workers (user rules never match on the main thread).
    const tree = join(dir, 'tree');
    mkdirSync(tree);
    const tokens: string[] = [];
    for (let i = 0; i < 600; i++) {
      const t = randomFrom(ALNUM, 24);
      tokens.push(t);
      const k = fakeKeyId();
      writeFileSync(join(tree, `f${String(i).padStart(3, '0')}.cfg`), `a = 1\ntoken = demo_${t}\nother = other_${randomFrom(ALNUM, 24)}\naws = ${k.keyId} ${fakeSecret()}\n`);
    }
    const res = await scan(filesSource({ paths: [tree] }), { ruleSet, workers: 2, eagerWorkers: true });
    expect(res.summary.complete).toBe(true);
    expect(res.summary.filesScanned).toBe(600);
    expect(new Set(res.findings.map((f) => f.ruleId))).toEqual(new Set(['demo-token']));
    expect(res.findings.map((f) => f.secret).sort()).toEqual([...tokens].sort());
    const f = res.findings.find((x) => x.secret === tokens[7])!;
    expect(f.locations.map((l) => [l.path, l.line, l.column])).toEqual([[join(tree, 'f007.cfg'), 2, 14]]);
  });
});

describe('WorkerPool', () => {
  test('a worker compiles the rules it is handed, built-in (trusted) ones included', async () => {
    // A trusted rule no rule file on disk holds: found only if the worker compiled what it got.
    const doc = { rules: [{ id: 'handed-over', name: 'Handed over', description: 'd', severity: 'low', keywords: ['ho_'], pattern: 'ho_(?<secret>[a-z0-9]{24})', examples: ['t = ho_{{alnum:24}}'] }] };
    const pool = new WorkerPool({ rules: [{ file: '/nowhere/handed-over.yaml', doc, trusted: true }], limits: DEFAULT_LIMITS, inlineAllow: true, extraCanaries: [], maxFileBytes: 1 << 20 }, 1);
    try {
      const t = randomFrom(ALNUM, 24);
      const k = fakeKeyId();
      const [r] = await pool.run([{ id: 'c1', bytes: Buffer.from(`x\ny = ho_${t}\n${k.keyId}\n`), provenance: [{ kind: 'file', path: 'c1.txt' }] }]);
      expect(r!.hits.map((h) => [h.hit.ruleId, h.hit.secret, h.hit.span.line, h.hit.span.column])).toEqual([['handed-over', t, 2, 8]]);
      // Relative to the content: no provenance crossed, none came back.
      expect(r!.hits[0]).not.toHaveProperty('provenance');
      expect(r!.hits[0]!.members).toBeUndefined();
    } finally {
      await pool.close();
    }
  });

  test('matchWindow: a window per worker, at most WINDOWS_OUT out at once, found at its place in the window', async () => {
    const ruleSet = await loadRules();
    const pool = new WorkerPool({ rules: ruleSet.parsed!, limits: DEFAULT_LIMITS, inlineAllow: true, extraCanaries: [], maxFileBytes: 1 << 20 }, WINDOWS_OUT + 1);
    try {
      const keys = Array.from({ length: WINDOWS_OUT }, () => fakeKeyId().keyId);
      const out = keys.map((k, i) => pool.matchWindow(`${'x\n'.repeat(i + 1)}  id = ${k}\n`));
      // A free worker remains, but the cap holds: this window is for the caller to match.
      expect(pool.matchWindow('more\n')).toBeUndefined();
      const views = await Promise.all(out);
      expect(views.map((v) => v!.flatMap((x) => x.hits.map((h) => [h.secret, h.span.line, h.span.column])))).toEqual(keys.map((k, i) => [[k, i + 2, 8]]));
      // Back under the cap once they are answered.
      const again = pool.matchWindow('nothing\n');
      expect(again).toBeDefined();
      expect(await again).toEqual([]);
    } finally {
      await pool.close();
    }
  });

  test('a worker hands a plain file over the stream size back to the main thread, which shares its windows out', async () => {
    const dir = tempDir('keyhound-big-');
    const big = join(dir, 'big.log');
    writeFileSync(big, 'plain text line\n'.repeat(STREAM_OVER / 16 + 1));
    const small = join(dir, 'small.log');
    const k = fakeKeyId().keyId;
    writeFileSync(small, `a\n ${k}\n`);
    const pool = new WorkerPool({ rules: (await loadRules()).parsed!, limits: DEFAULT_LIMITS, inlineAllow: true, extraCanaries: [], maxFileBytes: 256 << 20 }, 1);
    try {
      const chunk = (path: string) => ({ id: path, bytes: Buffer.alloc(0), readFrom: path, provenance: [{ kind: 'file' as const, path }] });
      const [b, s] = await pool.run([chunk(big), chunk(small)]);
      expect(b!.deferred).toEqual({ path: big, text: true });
      expect(b!.hits).toEqual([]);
      // Under the size it is matched where it was read.
      expect(s!.deferred).toBeUndefined();
      expect(s!.hits.map((h) => [h.hit.secret, h.hit.span.line, h.hit.span.column])).toEqual([[k, 2, 2]]);
    } finally {
      await pool.close();
    }
  });
});
