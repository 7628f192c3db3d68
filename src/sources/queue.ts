// A bounded hand-over between producers running on their own (a git walk, an object listing)
// and the one consumer that pulls chunks from a source.
import type { Chunk } from '../types.js';

/**
 * What a queued chunk costs besides its bytes (the chunk, its provenance, the Buffer object):
 * a history's commit messages are ~50 bytes each, so 32 MB of them alone would be 600k
 * chunks (~300 MB) waiting.
 */
const QUEUED_CHUNK_COST = 512;

export class ChunkQueue {
  private items: Chunk[] = [];
  private consumer: (() => void) | null = null;
  private producers: Array<() => void> = [];
  private ended = false;
  private failure: { error: unknown } | null = null;

  /** Bytes of urgent chunks queued, with QUEUED_CHUNK_COST each (lazy chunks hold no bytes). */
  private urgentBytes = 0;

  /**
   * Producers wait when `high` chunks are queued; urgent ones (commit messages: the walk that
   * yields them is the critical path and must not stall behind blobs waiting for workers)
   * only when `urgentHighBytes` of them are.
   */
  constructor(
    private readonly high: number,
    private readonly urgentHighBytes = 32 * 1024 * 1024,
  ) {}

  get length(): number {
    return this.items.length;
  }

  /** Queue a chunk. Returns a promise (wait for it before the next push) when there is no room. */
  push(chunk: Chunk, urgent = false): Promise<void> | undefined {
    if (this.ended) return undefined;
    this.items.push(chunk);
    this.wakeConsumer();
    if (urgent) {
      this.urgentBytes += chunk.bytes.byteLength + QUEUED_CHUNK_COST;
      return this.urgentBytes >= this.urgentHighBytes ? this.room(() => this.urgentBytes >= this.urgentHighBytes) : undefined;
    }
    return this.length >= this.high ? this.room(() => this.length >= this.high) : undefined;
  }

  private async room(full: () => boolean): Promise<void> {
    while (!this.ended && full()) await new Promise<void>((r) => this.producers.push(r));
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
        const batch = this.items;
        this.items = [];
        this.urgentBytes = 0;
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
