// Worker thread entry: modules load at spawn; the configuration arrives as the first message
// (so a pool can be prewarmed before the CLI has parsed its arguments), carrying the rule set
// the main thread loaded (compiled here once, no rule file read), then batches follow.
import { parentPort } from 'node:worker_threads';
import { ChunkRunner, type RunnerConfig } from './runner.js';
import { decodeBatch, encodeResults, type WireBatch } from './wire.js';
import { setBreakOnSigint } from '../engine/bounds.js';

// Ctrl-C is the main thread's: a bounded user-rule call here must not take it.
setBreakOnSigint(false);

let runner: Promise<ChunkRunner> | undefined;

parentPort!.on('message', async (msg: { config: RunnerConfig } | WireBatch) => {
  if ('config' in msg) {
    runner = ChunkRunner.create(msg.config);
    return;
  }
  const r = await runner!;
  parentPort!.postMessage(encodeResults(msg.id, await r.runBatch(decodeBatch(msg))));
});
