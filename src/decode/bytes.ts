// Byte sources as the readers see them: an async iterable of Buffers, whether the bytes are
// in memory (one piece) or come from a file, a pipe or an inflating stream. These helpers
// peek at a head, hold up to a bound, and collect with a cap — the only places bytes are
// buffered, so every bound is visible here.

export type Bytes = AsyncIterable<Buffer>;

export const asBuffer = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** Bytes in memory as a source (one piece: no copy). */
export async function* inMemory(b: Uint8Array): Bytes {
  if (b.length) yield asBuffer(b);
}

export type Capped = { out: Buffer } | { over: true } | { out: Buffer; error: Error };

/** Collect a source into one buffer, stopping (and ending it) past `cap` bytes. */
export async function readCapped(src: AsyncIterable<Uint8Array>, cap: number): Promise<Capped> {
  const parts: Buffer[] = [];
  let n = 0;
  try {
    for await (const c of src) {
      n += c.length;
      if (n > cap) return { over: true };
      parts.push(asBuffer(c));
    }
  } catch (e) {
    return { out: Buffer.concat(parts), error: e instanceof Error ? e : new Error(String(e)) };
  }
  return { out: parts.length === 1 ? parts[0]! : Buffer.concat(parts, n) };
}

export interface Peeked {
  head: Buffer;
  /** Every byte of the source, the head included. */
  all: Bytes;
  /** Consume whatever `all` did not (a tar entry must be read to its end). */
  drain(): Promise<void>;
  /** Stop the source early. */
  close(): Promise<void>;
}

/** The first ≥ n bytes of a source (fewer if it is shorter), without losing them. */
export async function peek(src: AsyncIterable<Uint8Array>, n: number): Promise<Peeked> {
  const it = src[Symbol.asyncIterator]();
  const parts: Buffer[] = [];
  let len = 0;
  let done = false;
  while (len < n) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    parts.push(asBuffer(r.value));
    len += r.value.length;
  }
  const head = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  let headSent = false;
  async function* all(): Bytes {
    if (!headSent && head.length) {
      headSent = true;
      yield head;
    }
    while (!done) {
      const r = await it.next();
      if (r.done) done = true;
      else yield asBuffer(r.value);
    }
  }
  return {
    head,
    all: all(),
    async drain() {
      while (!done) if ((await it.next()).done) done = true;
    },
    async close() {
      if (!done) {
        done = true;
        await it.return?.();
      }
    },
  };
}

export type Held = { whole: Buffer } | { head: Buffer[]; it: AsyncIterator<Uint8Array> };

/** Read until the source ends (→ whole) or more than `limit` bytes came (→ head + the rest). */
export async function hold(src: AsyncIterable<Uint8Array>, limit: number, head: Buffer[] = []): Promise<Held> {
  const it = src[Symbol.asyncIterator]();
  let n = head.reduce((a, b) => a + b.length, 0);
  for (;;) {
    if (n > limit) return { head, it };
    const r = await it.next();
    if (r.done) return { whole: head.length === 1 ? head[0]! : Buffer.concat(head, n) };
    const b = asBuffer(r.value);
    head.push(b);
    n += b.length;
  }
}

/** The held pieces, then the rest of the source. */
export async function* resume(head: Buffer[], it: AsyncIterator<Uint8Array>): AsyncGenerator<Buffer> {
  while (head.length) yield head.shift()!;
  for (let r = await it.next(); !r.done; r = await it.next()) yield asBuffer(r.value);
}

/** The first 8 KB of the held pieces (for sniffing), without copying all of them. */
export function headOf(pieces: Buffer[]): Buffer {
  const few: Buffer[] = [];
  let n = 0;
  for (const p of pieces) {
    if (n >= 8192) break;
    few.push(p);
    n += p.length;
  }
  return Buffer.concat(few).subarray(0, 8192);
}
