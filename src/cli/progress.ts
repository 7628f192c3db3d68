// A one-line progress display on stderr, redrawn in place: phase, items done (of total, when
// known), bytes and MB/s, findings so far, ETA. Only for a human at a terminal: never when
// stderr is not a TTY, with --quiet, or in CI; never on stdout. A small module, not a
// library: one line, one timer and a carriage return are all it takes.
import type { ProgressPhase, ScanProgress } from '../progress.js';
import { humanBytes } from '../report/describe.js';
import type { CliIO } from './io.js';

/** Redraws at most this often (ms): a few times a second. */
export const REDRAW_MS = 250;

/** What the scanning phase is called for each source, and what its items are. */
export type SourcePhase = 'walking' | 'history' | 'staged' | 'stdin';
const UNIT: Record<SourcePhase | Exclude<ProgressPhase, 'scanning'>, string> = {
  walking: 'files',
  history: 'blobs',
  staged: 'blobs',
  stdin: 'inputs',
  archives: 'archives',
  verifying: 'keys',
};

/** Whether to show progress: stderr a terminal, not --quiet, not in CI (CI=true or any CI value but false/0). */
export function progressWanted(o: { stderrTTY: boolean; quiet?: boolean; env: NodeJS.ProcessEnv }): boolean {
  const ci = o.env.CI;
  const inCi = ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
  return o.stderrTTY && !o.quiet && !inCi;
}

/** The line, without any terminal control; `width` columns at most. Pure. */
export function progressText(p: ScanProgress, source: SourcePhase, now: number, width = 100): string {
  const phase = p.phase === 'scanning' ? source : p.phase;
  const unit = UNIT[phase];
  const seconds = Math.max(0.001, (now - p.since) / 1000);
  const parts = [`keyhound: ${phase}`, p.total !== undefined ? `${p.done}/${p.total} ${unit}` : `${p.done} ${unit}`];
  if (p.phase !== 'verifying') parts.push(`${humanBytes(p.bytes)}`, `${(p.bytes / 1048576 / seconds).toFixed(1)} MB/s`);
  parts.push(`${p.findings} finding${p.findings === 1 ? '' : 's'}`);
  if (p.total !== undefined && p.done > 0 && p.done < p.total) parts.push(`ETA ${eta((seconds / p.done) * (p.total - p.done))}`);
  const line = parts.join(' · ');
  return line.length > width ? line.slice(0, Math.max(0, width - 1)) + '…' : line;
}

function eta(s: number): string {
  if (s < 60) return `${Math.ceil(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.ceil(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** Carriage return + erase line: the next write starts on a clean line. */
const CLEAR = '\r\x1b[2K';

export interface ProgressLine {
  /** Give to ScanOptions.onProgress: draws at once, then every REDRAW_MS. */
  onProgress(snapshot: () => ScanProgress): void;
  /** Erase the line before other stderr output (it is redrawn on the next tick). */
  clear(): void;
  /** Erase the line and stop redrawing. */
  stop(): void;
}

export function progressLine(write: (s: string) => void, source: SourcePhase, columns: () => number): ProgressLine {
  let current: (() => ScanProgress) | undefined;
  let shown = false;
  let timer: NodeJS.Timeout | undefined;
  const draw = () => {
    if (!current) return;
    write(`${CLEAR}${progressText(current(), source, Date.now(), Math.max(20, columns() - 1))}`);
    shown = true;
  };
  const clear = () => {
    if (shown) write(CLEAR);
    shown = false;
  };
  return {
    onProgress(snapshot) {
      current = snapshot;
      draw();
      // unref: the display never keeps the process alive.
      timer ??= setInterval(draw, REDRAW_MS).unref();
    },
    clear,
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      current = undefined;
      clear();
    },
  };
}

/** The run's progress line, or undefined when none is wanted (see progressWanted). */
export function progressFor(io: CliIO, quiet: boolean | undefined, source: SourcePhase): ProgressLine | undefined {
  if (!progressWanted({ stderrTTY: !!io.stderrTTY, quiet, env: io.env })) return undefined;
  return progressLine(io.stderr, source, () => io.stderrColumns || 80);
}
