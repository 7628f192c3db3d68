// A blob's content handed on while `git cat-file` is still writing it: a small queue between
// the parser (push) and the runner (for await). The reader pauses git's pipe while more than
// HIGH_BYTES wait, so a 300 MB blob never sits in memory whole.
const HIGH_BYTES = 4 * 1024 * 1024;

export class BodyStream implements AsyncIterable<Uint8Array> {
  private queue: Buffer[] = [];
  private queued = 0;
  private ended = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  /** Set by the reader: called when the queue crosses HIGH_BYTES, and when it drains. */
  onHigh: () => void = () => {};
  onLow: () => void = () => {};

  push(b: Buffer): void {
    this.queue.push(b);
    this.queued += b.length;
    if (this.queued > HIGH_BYTES) this.onHigh();
    this.notify();
  }

  end(): void {
    this.ended = true;
    this.notify();
  }

  fail(e: Error): void {
    if (this.ended) return;
    this.failure = e;
    this.ended = true;
    this.notify();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    for (;;) {
      const b = this.queue.shift();
      if (b) {
        this.queued -= b.length;
        if (this.queued <= HIGH_BYTES / 2) this.onLow();
        yield b;
        continue;
      }
      if (this.failure) throw this.failure;
      if (this.ended) return;
      this.onLow();
      await new Promise<void>((r) => (this.wake = r));
    }
  }
}
