// The CLI's only contact with the process: injected so tests can run main() in-process.
import { writeSync } from 'node:fs';

export interface CliIO {
  stdout(s: string): void;
  stderr(s: string): void;
  stdin: NodeJS.ReadableStream;
  isTTY: boolean;
  columns: number;
  /** stderr is a terminal (progress is drawn only then), and its width. */
  stderrTTY?: boolean;
  stderrColumns?: number;
  env: NodeJS.ProcessEnv;
}

/** Synchronous writes: a large report is never cut short when the process exits. */
function writeAll(fd: number, s: string): void {
  const buf = Buffer.from(s);
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EPIPE') return; // reader went away (e.g. `keyhound rules list | head`)
      throw e;
    }
  }
}

export function defaultIO(): CliIO {
  return {
    stdout: (s) => writeAll(1, s),
    stderr: (s) => writeAll(2, s),
    stdin: process.stdin,
    isTTY: !!process.stdout.isTTY,
    columns: process.stdout.columns ?? 100,
    stderrTTY: !!process.stderr.isTTY,
    stderrColumns: process.stderr.columns || 80,
    env: process.env,
  };
}
