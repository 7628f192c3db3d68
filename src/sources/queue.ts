// A bounded hand-over between producers running on their own (a git walk, an object listing)
// and the one consumer that pulls chunks from a source.
import type { Chunk } from '../types.js';

export class ChunkQueue {
  private items: Chunk[] = [];
  private head = 0;
  private consumer: (() => void) | null = null;
  private producers: Array<() => void> = [];
  private ended = false;
  private failure: { error: unknown } | null = null;

  /** Producers wait when `high` chunks are queued (urgent ones at four times that). */
  constructor(private readonly high: number) {}

  get length(): number {
    return this.items.length - this.head;
  }

  /**
   * Queue a chunk. Returns a promise (wait for it before the next push) when the queue is
   * full. `urgent` chunks (commit messages, which the walk must not stall on) wait only when
   * the queue is far over its mark.
   */
  push(chunk: Chunk, urgent = false): Promise<void> | undefined {
    if (this.ended) return undefined;
    this.items.push(chunk);
    this.wakeConsumer();
    return this.length >= (urgent ? this.high * 4 : this.high) ? this.room(urgent) : undefined;
  }

  private async room(urgent: boolean): Promise<void> {
    const limit = urgent ? this.high * 4 : this.high;
    while (!this.ended && this.length >= limit) await new Promise<void>((r) => this.producers.push(r));
  }

  /** No more chunks: the consumer ends after what is queued, or throws `error` if given. */
  end(error?: unknown): void {
    if (error !== undefined && !this.failure) this.failure = { error };
    this.ended = true;
    this.wakeConsumer();
    this.wakeProducers();
  }

  /** Everything queued, in order, in batches of what is there when the consumer asks. */
  async *drain(): AsyncGenerator<Chunk[]> {
    for (;;) {
      if (this.failure) throw this.failure.error;
      if (this.length > 0) {
        const batch = this.head ? this.items.slice(this.head) : this.items;
        this.items = [];
        this.head = 0;
        this.wakeProducers();
        yield batch;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((r) => (this.consumer = r));
    }
  }

  private wakeConsumer(): void {
    const c = this.consumer;
    this.consumer = null;
    c?.();
  }

  private wakeProducers(): void {
    const ps = this.producers;
    this.producers = [];
    for (const p of ps) p();
  }
}
