// One long-lived `git cat-file` process: requests in, objects out, in order, streamed.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { Children, collectStderr } from './exec.js';

export type CatResult =
  /** `bytes` is null when the object is larger than the cap: its content was skipped, not kept. */
  | { sha: string; type: string; size: number; bytes: Buffer | null; missing?: undefined }
  | { sha: string; missing: true };

/**
 * Parse `git cat-file --batch` output: `<sha> <type> <size>\n<content>\n` or `<sha> missing\n`.
 * Content over `maxBytes` is skipped without being buffered. Synchronous per chunk: whole
 * answers are appended to `out`.
 */
export class BatchParser {
  private head: Buffer | null = null;
  private body: { sha: string; type: string; size: number; buf: Buffer | null; filled: number } | null = null;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Buffer, out: CatResult[]): void {
    let off = 0;
    while (off < chunk.length) {
      const body = this.body;
      if (body) {
        const want = body.size + 1 - body.filled;
        const take = Math.min(want, chunk.length - off);
        if (body.buf && body.filled < body.size) {
          const n = Math.min(take, body.size - body.filled);
          chunk.copy(body.buf, body.filled, off, off + n);
        }
        body.filled += take;
        off += take;
        if (body.filled === body.size + 1) {
          this.body = null;
          out.push({ sha: body.sha, type: body.type, size: body.size, bytes: body.buf });
        }
        continue;
      }
      const nl = chunk.indexOf(10, off);
      if (nl < 0) {
        this.head = this.head ? Buffer.concat([this.head, chunk.subarray(off)]) : Buffer.from(chunk.subarray(off));
        return;
      }
      const line = (this.head ? Buffer.concat([this.head, chunk.subarray(off, nl)]) : chunk.subarray(off, nl)).toString('latin1');
      this.head = null;
      off = nl + 1;
      const sp1 = line.indexOf(' ');
      const sp2 = line.indexOf(' ', sp1 + 1);
      if (sp2 < 0) {
        // `<obj> missing`, `<obj> ambiguous`, `<obj> excluded`…
        out.push({ sha: sp1 < 0 ? line : line.slice(0, sp1), missing: true });
        continue;
      }
      const sha = line.slice(0, sp1);
      const type = line.slice(sp1 + 1, sp2);
      const size = Number(line.slice(sp2 + 1));
      if (!Number.isSafeInteger(size) || size < 0) throw new Error(`git cat-file: unexpected output: ${line.slice(0, 200)}`);
      if (size <= this.maxBytes && chunk.length - off >= size + 1) {
        // A view, not a copy: read chunks are fresh per read and the blob is scanned soon.
        out.push({ sha, type, size, bytes: chunk.subarray(off, off + size) });
        off += size + 1;
      } else {
        this.body = { sha, type, size, buf: size <= this.maxBytes ? Buffer.allocUnsafeSlow(size) : null, filled: 0 };
      }
    }
  }
}

/** Streamed answers; pulls from `stream` only as fast as the consumer pulls (backpressure). */
export async function* parseBatch(stream: AsyncIterable<Buffer>, maxBytes: number): AsyncGenerator<CatResult> {
  const p = new BatchParser(maxBytes);
  const out: CatResult[] = [];
  for await (const chunk of stream) {
    p.push(chunk, out);
    for (let i = 0; i < out.length; i++) yield out[i]!;
    out.length = 0;
  }
}

export interface CatFileOptions {
  /** Objects larger than this are not kept (their result has `bytes: null`). */
  maxBytes: number;
  /** git ≥ 2.36: `--batch-command --buffer` with explicit flushes (fewer syscalls). */
  batchCommand: boolean;
  /** Bound on requests in flight (memory and backpressure). */
  maxPending?: number;
  maxPendingBytes?: number;
}

/**
 * A `git cat-file` batch process with a bounded window of requests in flight. Each request
 * carries a context value that comes back with its answer (answers arrive in request order).
 */
export class CatFile<T> {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly stderr: () => string;
  private readonly ctxs: Array<{ ctx: T; size: number }> = [];
  private ctxHead = 0;
  private pendingBytes = 0;
  private lines: string[] = [];
  private waiter: (() => void) | null = null;
  private dead = false;
  private ended = false;
  private readonly maxPending: number;
  private readonly maxPendingBytes: number;

  constructor(children: Children, repo: string, private readonly opts: CatFileOptions) {
    const args = opts.batchCommand ? ['cat-file', '--batch-command', '--buffer'] : ['cat-file', '--batch'];
    this.proc = children.spawn(repo, args);
    this.stderr = collectStderr(this.proc);
    this.maxPending = opts.maxPending ?? 2048;
    this.maxPendingBytes = opts.maxPendingBytes ?? 32 * 1024 * 1024;
  }

  get pending(): number {
    return this.ctxs.length - this.ctxHead;
  }

  /** Queue a request; call `room()` before the next add when `full` says so. */
  add(sha: string, ctx: T, sizeHint = 0): void {
    this.ctxs.push({ ctx, size: sizeHint });
    this.pendingBytes += sizeHint;
    this.lines.push(this.opts.batchCommand ? `contents ${sha}\n` : `${sha}\n`);
    if (this.lines.length >= 256) this.flush();
  }

  get full(): boolean {
    return this.pending >= this.maxPending || this.pendingBytes >= this.maxPendingBytes;
  }

  flush(): void {
    if (this.lines.length === 0 || this.dead || this.ended) {
      this.lines = [];
      return;
    }
    if (this.opts.batchCommand) this.lines.push('flush\n');
    this.proc.stdin.write(this.lines.join(''));
    this.lines = [];
  }

  /** Resolves once fewer than half the window is in flight (or the process died). */
  async room(): Promise<void> {
    this.flush();
    while (!this.dead && (this.pending > this.maxPending / 2 || this.pendingBytes > this.maxPendingBytes / 2)) {
      await new Promise<void>((r) => (this.waiter = r));
    }
  }

  /** Stop: release anyone waiting for room (the process itself is killed by its Children). */
  abort(): void {
    this.dead = true;
    this.lines = [];
    this.wake(true);
  }

  end(): void {
    this.flush();
    this.ended = true;
    this.proc.stdin.end();
  }

  private wake(force = false): void {
    if (!this.waiter) return;
    if (force || (this.pending <= this.maxPending / 2 && this.pendingBytes <= this.maxPendingBytes / 2)) {
      const w = this.waiter;
      this.waiter = null;
      w();
    }
  }

  /**
   * Answers with their contexts, in request order. If git dies early (corrupt object), the
   * unanswered requests come back as `{ missing: true, failed: true }`.
   */
  async *results(): AsyncGenerator<{ res: CatResult; ctx: T; failed?: boolean }> {
    const parser = new BatchParser(this.opts.maxBytes);
    const out: CatResult[] = [];
    try {
      for await (const chunk of this.proc.stdout as AsyncIterable<Buffer>) {
        parser.push(chunk, out);
        for (let i = 0; i < out.length; i++) {
          const res = out[i]!;
          const item = this.ctxs[this.ctxHead];
          if (!item) break; // answer without a request: cannot happen unless git misbehaves
          this.ctxs[this.ctxHead++] = undefined as never;
          if (this.ctxHead > 4096 && this.ctxHead * 2 > this.ctxs.length) {
            this.ctxs.splice(0, this.ctxHead);
            this.ctxHead = 0;
          }
          this.pendingBytes -= item.size;
          this.wake();
          yield { res, ctx: item.ctx };
        }
        out.length = 0;
      }
    } finally {
      this.dead = true;
      this.wake(true);
    }
    // Stream ended: whatever is still pending was never answered.
    while (this.ctxHead < this.ctxs.length) {
      const item = this.ctxs[this.ctxHead++]!;
      yield { res: { sha: '', missing: true }, ctx: item.ctx, failed: true };
    }
  }
}
