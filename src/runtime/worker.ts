// Worker thread entry: modules load at spawn; the configuration arrives as the first message
// (so a pool can be prewarmed before the CLI has parsed its arguments), carrying the rule set
// the main thread loaded (compiled here once, no rule file read), then batches follow.
import { parentPort } from 'node:worker_threads';
import { ChunkRunner, type RunnerConfig } from './runner.js';
import { decodeBatch, encodeResults, type WireBatch, type WireWindow, type WireWindowResult } from './wire.js';
import { setBreakOnSigint } from '../engine/bounds.js';
import type { ViewHits } from './stream-windows.js';

// Ctrl-C is the main thread's: a bounded user-rule call here must not take it.
setBreakOnSigint(false);

let runner: Promise<ChunkRunner> | undefined;

parentPort!.on('message', async (msg: { config: RunnerConfig } | WireBatch | WireWindow) => {
  if ('config' in msg) {
    runner = ChunkRunner.create(msg.config);
    return;
  }
  const r = await runner!;
  // Matched now, between the batch's chunks: the main thread holds its stream's order for it.
  if ('window' in msg) return parentPort!.postMessage({ views: windowViews(r, msg.window) } satisfies WireWindowResult);
  parentPort!.postMessage(encodeResults(msg.id, await r.runBatch(decodeBatch(msg))));
});

/** A window's views; a failure is said as the content's own warning, as the runner does. */
function windowViews(r: ChunkRunner, text: string): ViewHits[] {
  try {
    return r.matchWindow(text);
  } catch (e) {
    return [{ hits: [], warnings: [{ kind: 'decode', message: `could not scan: ${(e as Error).message}` }] }];
  }
}
