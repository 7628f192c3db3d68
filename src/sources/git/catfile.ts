// Parsing `git cat-file --batch` output (blobs.ts reads blobs with it; staged.ts reads the index's).
import { BodyStream } from './body-stream.js';

export type CatResult =
  /** `bytes` is null when the object is larger than the cap: its content was skipped, not kept. */
  | { sha: string; type: string; size: number; bytes: Buffer | null; missing?: undefined; stream?: BodyStream }
  | { sha: string; missing: true };

/**
 * Parse `git cat-file --batch` output: `<sha> <type> <size>\n<content>\n` or `<sha> missing\n`.
 * Content over `maxBytes` is skipped without being buffered. Synchronous per chunk: whole
 * answers are appended to `out`.
 */
export class BatchParser {
  private head: Buffer | null = null;
  private body: { sha: string; type: string; size: number; buf: Buffer | null; filled: number; stream?: BodyStream } | null = null;

  /**
   * @param streamOver content larger than this (and within maxBytes) is answered at once with
   *   a `stream` that receives the content as it arrives, instead of being buffered whole.
   */
  constructor(private readonly maxBytes: number, private readonly streamOver = Infinity) {}

  /** The blob being streamed, if any (its reader fails it if git dies). */
  get streaming(): BodyStream | undefined {
    return this.body?.stream;
  }

  push(chunk: Buffer, out: CatResult[]): void {
    let off = 0;
    while (off < chunk.length) {
      const body = this.body;
      if (body) {
        const want = body.size + 1 - body.filled;
        const take = Math.min(want, chunk.length - off);
        if ((body.buf || body.stream) && body.filled < body.size) {
          const n = Math.min(take, body.size - body.filled);
          if (body.buf) chunk.copy(body.buf, body.filled, off, off + n);
          else body.stream!.push(chunk.subarray(off, off + n));
        }
        body.filled += take;
        off += take;
        if (body.filled === body.size + 1) {
          this.body = null;
          if (body.stream) body.stream.end();
          else out.push({ sha: body.sha, type: body.type, size: body.size, bytes: body.buf });
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
      } else if (size > this.streamOver && size <= this.maxBytes) {
        const stream = new BodyStream();
        this.body = { sha, type, size, buf: null, filled: 0, stream };
        out.push({ sha, type, size, bytes: null, stream });
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
