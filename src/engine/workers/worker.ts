// Worker thread entry: builds its own engine from the same rule files, then runs batches.
import { parentPort, workerData } from 'node:worker_threads';
import type { Chunk } from '../../types.js';
import { ChunkRunner, type RunnerConfig } from './runner.js';

// Messages sent while the rules load wait in the port's queue until the listener exists.
const runner = await ChunkRunner.create(workerData as RunnerConfig);

parentPort!.on('message', async (msg: { id: number; chunks: Chunk[] }) => {
  const results = [];
  for (const chunk of msg.chunks) results.push(await runner.run(chunk));
  parentPort!.postMessage({ id: msg.id, results });
});
