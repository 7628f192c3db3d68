// Worker thread entry: builds its own engine from the same rule files, then runs batches.
import { parentPort, workerData } from 'node:worker_threads';
import { ChunkRunner, type RunnerConfig } from './runner.js';
import type { WireBatch } from './pool.js';

// Messages sent while the rules load wait in the port's queue until the listener exists.
const runner = await ChunkRunner.create(workerData as RunnerConfig);

parentPort!.on('message', async (msg: WireBatch) => {
  const results = [];
  for (const { at, length, ...chunk } of msg.chunks) {
    results.push(await runner.run({ ...chunk, bytes: msg.packed.subarray(at, at + length) }));
  }
  parentPort!.postMessage({ id: msg.id, results });
});
