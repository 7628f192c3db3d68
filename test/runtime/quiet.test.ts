// Results that say nothing, held while their content's provenance is not known yet: only an id
// and two numbers each, and the source is asked through counts() (no provenance built).
import { afterAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scan } from '../../src/scan.js';
import type { LateProvenance, Source } from '../../src/sources/source.js';
import type { Chunk, Provenance } from '../../src/types.js';
import { QuietResults, isQuiet } from '../../src/runtime/quiet.js';
import type { WorkResult } from '../../src/runtime/runner.js';
import { randomFrom } from '../helpers/keys.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function ruleFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyhound-quiet-'));
  dirs.push(dir);
  const file = join(dir, 'demo.yaml');
  writeFileSync(
    file,
    ['rules:', '  - id: demo-token', '    name: Demo token', '    description: test rule', '    severity: high', '    keywords: [demo_]',
      "    pattern: 'demo_(?<secret>[a-z0-9]{24})'", '    examples:', "      - 't = demo_{{alnum:24}}'", ''].join('\n'),
  );
  return file;
}

const result = (o: Partial<WorkResult> = {}): WorkResult => ({ hits: [], warnings: [], counts: {}, files: 1, bytes: 10, ...o });

describe('isQuiet', () => {
  test('only a result with nothing but one file and its bytes', () => {
    expect(isQuiet(result())).toBe(true);
    expect(isQuiet(result({ counts: { sizeCapped: 1 } }))).toBe(false);
    expect(isQuiet(result({ warnings: [{ kind: 'decode', path: 'x', message: 'm' }] }))).toBe(false);
    expect(isQuiet(result({ files: 0 }))).toBe(false);
    expect(isQuiet(result({ deferred: { path: 'a.zip' } }))).toBe(false);
    expect(isQuiet(result({ empty: true }))).toBe(false);
  });
});

describe('QuietResults', () => {
  test('gives back every id with its size (or none) and bytes, in order, once', () => {
    const q = new QuietResults();
    for (let i = 0; i < 5000; i++) q.push(`b${i}`, i % 3 ? i : undefined, i * 2);
    const seen: Array<[string, number | undefined, number]> = [];
    q.drain((id, size, bytes) => seen.push([id, size, bytes]));
    expect(seen).toHaveLength(5000);
    expect(seen[0]).toEqual(['b0', undefined, 0]);
    expect(seen[4999]).toEqual(['b4999', 4999, 9998]);
    q.drain(() => seen.push(['again', 0, 0]));
    expect(seen).toHaveLength(5000);
  });
});

describe.each([{ workers: 0 }, { workers: 1 }])('scan(): quiet late results ($workers workers)', ({ workers }) => {
  test('build no provenance: places() only for the chunk with a hit, counts() for the rest', async () => {
    const secret = `demo_${randomFrom('abcdefghijklmnopqrstuvwxyz0123456789', 24)}`;
    let release: () => void = () => {};
    let ready = false;
    const settleCalls: string[] = [];
    const quietCalls: Array<[string, number | undefined]> = [];
    const late: LateProvenance = {
      ready: new Promise<void>((r) => (release = r)),
      places(id) {
        if (!ready) throw new Error('asked before ready');
        settleCalls.push(id);
        const p: Provenance = { kind: 'git', commit: 'c'.repeat(40), path: 'src/app.cfg', author: 'A', email: 'a@x', date: '2021-01-01T00:00:00+00:00', subject: 's' };
        return { provenance: [p] };
      },
      counts(id, size) {
        if (!ready) throw new Error('asked before ready');
        quietCalls.push([id, size]);
        return Number(id.slice(4)) % 2 === 0; // odd ones: not wanted after all (dropped)
      },
    };
    const quiet = 300;
    const chunks: Chunk[] = Array.from({ length: quiet }, (_, i) => ({
      id: `blob${i}`,
      bytes: Buffer.from(`plain ${i}\n`),
      size: `plain ${i}\n`.length,
      provenance: [],
    }));
    const hitText = `x\nkey = ${secret}\n`;
    chunks.push({ id: 'hit', bytes: Buffer.from(hitText), provenance: [] });
    const source: Source = async function* (ctx) {
      ctx.provenanceLater!(late);
      yield chunks;
      await new Promise((r) => setTimeout(r, 50));
      ready = true;
      release();
    };
    const res = await scan(source, { extraRules: [ruleFile()], builtinRules: false, workers, eagerWorkers: true });
    expect(settleCalls).toEqual(['hit']);
    expect(quietCalls).toHaveLength(quiet);
    expect(quietCalls[7]).toEqual(['blob7', 'plain 7\n'.length]);
    expect(res.findings).toHaveLength(1);
    expect(res.findings[0]!.locations[0]).toMatchObject({ path: 'src/app.cfg', line: 2, column: 12 });
    // kept: the even quiet ones and the hit; dropped ones count nowhere
    const kept = chunks.filter((c, i) => i === quiet || i % 2 === 0);
    expect(res.summary.filesScanned).toBe(kept.length);
    expect(res.summary.bytesScanned).toBe(kept.reduce((s, c) => s + c.bytes.byteLength, 0));
  });
});
