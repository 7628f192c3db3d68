// Worker thread entry: modules load at spawn; the configuration arrives as the first message
// (so a pool can be prewarmed before the CLI has parsed its arguments), then batches follow.
import { parentPort } from 'node:worker_threads';
import { ChunkRunner, type RunnerConfig } from './runner.js';
import type { WireBatch } from './pool.js';

let runner: Promise<ChunkRunner> | undefined;

parentPort!.on('message', async (msg: { config: RunnerConfig } | WireBatch) => {
  if ('config' in msg) {
    runner = ChunkRunner.create(msg.config);
    return;
  }
  const r = await runner!;
  const results = [];
  for (const { at, length, ...chunk } of msg.chunks) {
    results.push(await r.run({ ...chunk, bytes: msg.packed.subarray(at, at + length) }));
  }
  parentPort!.postMessage({ id: msg.id, results });
});
