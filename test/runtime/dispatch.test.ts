// The dispatcher starts workers when they pay: for a long stream's windows only as many as
// take windows (WINDOWS_OUT, ~25 MB each), all of them once batches come.
import { afterEach, describe, expect, test } from '@jest/globals';
import { loadRules } from '../../src/rules/load.js';
import { DEFAULT_LIMITS } from '../../src/decode/index.js';
import { ChunkRunner, type RunnerConfig, type WorkResult } from '../../src/runtime/runner.js';
import { Dispatcher } from '../../src/runtime/dispatch.js';
import { WINDOWS_OUT } from '../../src/runtime/pool.js';
import type { Chunk } from '../../src/types.js';
import { fakeKeyId } from '../helpers/keys.js';
import { demoRuleFile } from '../helpers/demo-rule.js';
import { tempDir } from '../helpers/cli.js';

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of open.splice(0)) await close();
});

async function dispatcher(workers: number, extra: string[] = []) {
  const ruleSet = await loadRules({ extra });
  const cfg: RunnerConfig = { rules: ruleSet.parsed!, limits: DEFAULT_LIMITS, inlineAllow: true, extraCanaries: [], maxFileBytes: 1 << 20 };
  const inline = new ChunkRunner(cfg, ruleSet);
  const results: WorkResult[] = [];
  const d = await Dispatcher.create({ cfg, inline, workers, eagerWorkers: false, signal: new AbortController().signal, accept: (_c, r) => void results.push(...r), submitted: () => {} });
  open.push(async () => {
    await d.close();
    inline.close();
  });
  return { d, inline, results };
}

const chunk = (i: number): Chunk => ({ id: `c${i}`, bytes: Buffer.from(`line ${i}\n`), provenance: [{ kind: 'file', path: `c${i}` }] });

describe('Dispatcher', () => {
  test("a stream's first window starts WINDOWS_OUT workers, not all; batches then start the rest", async () => {
    const { d, inline, results } = await dispatcher(WINDOWS_OUT + 2);
    expect(d.workersStarted).toBe(0);
    const k = fakeKeyId().keyId;
    const views = inline.windowHelper!.match(`x\n  id = ${k}\n`);
    expect(views).toBeDefined();
    expect(d.workersStarted).toBe(WINDOWS_OUT);
    expect((await views!).flatMap((v) => v.hits.map((h) => [h.secret, h.span.line, h.span.column]))).toEqual([[k, 2, 8]]);
    // More chunks than are matched here: batches go to the pool, which gets all its workers.
    for (let i = 0; i < 70; i++) await d.submit(chunk(i));
    expect(d.workersStarted).toBe(WINDOWS_OUT + 2);
    await d.drain();
    expect(results).toHaveLength(70);
    expect(results.every((r) => r.files === 1)).toBe(true);
  });

  test('with --workers 0 no worker starts for a window: it is matched on this thread', async () => {
    const { d, inline } = await dispatcher(0);
    expect(inline.windowHelper!.match('x\n')).toBeUndefined();
    expect(d.workersStarted).toBe(0);
  });

  test("with --rules, a stream's window no worker is free for waits for one instead of matching here", async () => {
    const { d, inline } = await dispatcher(1, [demoRuleFile(tempDir())]);
    // User rules start a worker at once; one worker never fills two or more cores.
    expect(d.workersStarted).toBe(1);
    expect(inline.windowHelper!.waitWhenBusy()).toBe(true);
  });
});
