// SIGINT (Ctrl-C) and SIGTERM (CI cancellation, `timeout`, `docker stop`) stop a scan the same
// way: the first aborts it, so the partial report is still written (exit 130 / 143); a second
// signal of either kind quits at once.
import type { CliIO } from './io.js';
import { EXIT } from './exit.js';

export type StopSignal = 'SIGINT' | 'SIGTERM';

/** 128 + the signal's number, as a shell reports a process the signal killed. */
export const SIGNAL_EXIT: Record<StopSignal, number> = { SIGINT: EXIT.INTERRUPTED, SIGTERM: EXIT.TERMINATED };

export interface StopTrap {
  /** Aborted by the first signal. */
  readonly signal: AbortSignal;
  /** The first signal received, if any. */
  readonly received: StopSignal | undefined;
  /** Stop listening (restores the default action of both signals). */
  dispose(): void;
}

export function trapStopSignals(io: CliIO): StopTrap {
  const controller = new AbortController();
  let received: StopSignal | undefined;
  const on = (sig: StopSignal) => {
    if (received) process.exit(SIGNAL_EXIT[sig]);
    received = sig;
    const again = sig === 'SIGINT' ? 'Ctrl-C' : 'signal';
    io.stderr(`keyhound: interrupted (${sig}) — finishing with what was found so far (${again} again to quit now)\n`);
    controller.abort();
  };
  const onInt = () => on('SIGINT');
  const onTerm = () => on('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
