// Reading blobs by id where they are scanned: each worker thread runs its own `git cat-file`,
// so blob bytes go from git to the thread that matches them and never through the main thread.
import { Children, collectStderr, gitMessage } from './exec.js';
import { BatchParser, type CatResult } from './catfile.js';
import type { GitBlobRef } from '../../types.js';
import { BOUNDED_GIT } from './bounded.js';

/**
 * git writes a blob we stream as it inflates it, not after: below core.bigFileThreshold
 * (512 MB by default) cat-file inflates a packed blob whole in its own memory first, so the
 * first byte of a 56 MB log came ~150 ms late with this thread idle, and git held all of it.
 * (Deltified blobs are still rebuilt whole; git cannot stream those.)
 */
function streamAbove(streamOver: number): string[] {
  return Number.isFinite(streamOver) ? ['-c', `core.bigFileThreshold=${Math.max(1, Math.floor(streamOver))}`] : [];
}

export type BlobAnswer =
  | { bytes: Buffer }
  /** Larger than the reader's streamOver: the content, as git writes it (see BodyStream). */
  | { stream: AsyncIterable<Uint8Array> }
  /** Larger than the cap: not kept. */
  | { overCap: number }
  /** Not in the object store, or git could not read it (corrupt object): `why` says which. */
  | { missing: string };

interface Request {
  sha: string;
  resolve: (a: BlobAnswer) => void;
}

/**
 * One `git cat-file` process, requests answered in order. Requests made in the same tick are
 * written together (with `--batch-command --buffer`, one flush per write). If git dies on an
 * object (a corrupt loose object is fatal to cat-file), that object is answered `missing` with
 * git's message and a fresh process takes the requests still waiting: one bad object costs
 * one blob, not the rest of the history.
 */
export class BlobReader {
  private readonly children = new Children();
  private proc: ReturnType<Children['spawn']> | null = null;
  private stderr: () => string = () => '';
  private waiting: Request[] = [];
  private head = 0;
  private unsent: string[] = [];
  private scheduled = false;
  private closed = false;

  private parser: BatchParser | null = null;

  constructor(
    private readonly ref: GitBlobRef,
    private readonly maxBytes: number,
    /** Blobs larger than this are answered as streams (the runner matches them in windows). */
    private readonly streamOver = Infinity,
  ) {}

  read(sha: string): Promise<BlobAnswer> {
    if (this.closed) return Promise.resolve({ missing: 'could not be read (scan stopped)' });
    return new Promise((resolve) => {
      this.waiting.push({ sha, resolve });
      this.unsent.push(sha);
      if (!this.scheduled) {
        this.scheduled = true;
        queueMicrotask(() => this.send());
      }
    });
  }

  close(): void {
    this.closed = true;
    this.parser?.streaming?.fail(new Error('scan stopped'));
    this.children.dispose();
    this.proc = null;
    for (let i = this.head; i < this.waiting.length; i++) this.waiting[i]!.resolve({ missing: 'could not be read (scan stopped)' });
    this.waiting = [];
    this.head = 0;
  }

  private send(): void {
    this.scheduled = false;
    if (this.closed || this.unsent.length === 0) return;
    const proc = this.proc ?? this.start();
    const cmd = this.ref.batchCommand;
    let text = '';
    for (const sha of this.unsent) text += cmd ? `contents ${sha}\n` : `${sha}\n`;
    if (cmd) text += 'flush\n';
    this.unsent = [];
    proc.stdin.write(text);
  }

  private start(): ReturnType<Children['spawn']> {
    const args = [...BOUNDED_GIT, ...streamAbove(this.streamOver), ...(this.ref.batchCommand ? ['cat-file', '--batch-command', '--buffer'] : ['cat-file', '--batch'])];
    const proc = this.children.spawn(this.ref.repo, args);
    this.proc = proc;
    this.stderr = collectStderr(proc);
    const parser = new BatchParser(this.maxBytes, this.streamOver);
    this.parser = parser;
    const out: CatResult[] = [];
    proc.stdout.on('data', (chunk: Buffer) => {
      if (this.proc !== proc) return;
      try {
        parser.push(chunk, out);
      } catch (e) {
        // Answers parsed before the bad one are good: give them out, then fail the next.
        for (const res of out) this.answer(res);
        out.length = 0;
        this.died(proc, (e as Error).message);
        return;
      }
      for (const res of out) this.answer(res);
      out.length = 0;
    });
    proc.once('close', () => {
      if (this.proc === proc) this.died(proc, gitMessage(this.stderr()) || 'git cat-file exited');
    });
    return proc;
  }

  private answer(res: CatResult): void {
    const req = this.waiting[this.head];
    if (!req) return;
    this.waiting[this.head++] = undefined as never;
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting.splice(0, this.head);
      this.head = 0;
    }
    if (res.missing) req.resolve({ missing: 'is missing from the object store' });
    else if (res.stream) {
      // Backpressure: git's pipe waits while the runner is behind on this blob.
      const out = this.proc?.stdout;
      res.stream.onHigh = () => out?.pause();
      res.stream.onLow = () => out?.resume();
      req.resolve({ stream: res.stream });
    }
    else if (res.bytes === null) req.resolve({ overCap: res.size });
    else req.resolve({ bytes: res.bytes });
  }

  /** git stopped answering: the request it was on fails, the rest go to a new process. */
  private died(proc: ReturnType<Children['spawn']>, why: string): void {
    this.proc = null;
    // A blob being streamed ends with the error (the runner warns: not scanned past it).
    this.parser?.streaming?.fail(new Error(`git cat-file: ${why}`));
    this.parser = null;
    proc.stdout.removeAllListeners('data');
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    if (this.closed || this.head >= this.waiting.length) return;
    const failed = this.waiting[this.head]!;
    this.waiting[this.head++] = undefined as never;
    failed.resolve({ missing: `could not be read (${why})` });
    const rest = this.waiting.slice(this.head);
    this.waiting = rest;
    this.head = 0;
    // Every request still waiting (sent or not yet) goes to the new process, in order.
    this.unsent = rest.map((r) => r.sha);
    this.send();
  }
}
