// bzip2 (BZh): seek-bzip decodes one block at a time into 256 KB pieces, so a caller that stops
// reading (an output cap) stops the decoding between blocks. The decoder is synchronous and
// reads its input by byte, so the compressed bytes are held whole (at most `maxInput`);
// concatenated streams (pbzip2, `cat a.bz2 b.bz2`) are read one after the other.
import type BunzipType from 'seek-bzip';
import { asBuffer } from './bytes.js';

/** Loaded on the first bzip2 stream: every worker thread would otherwise compile it at start-up. */
let Bunzip: typeof BunzipType | undefined;

const PIECE = 256 * 1024;

class Input {
  pos = 0;
  constructor(private readonly b: Buffer) {}
  readByte(): number {
    // seek-bzip has no end-of-input check of its own: a cut stream must not read on as garbage.
    if (this.pos >= this.b.length) throw new Error('unexpected end of bzip2 data');
    return this.b[this.pos++];
  }
  read(buf: Uint8Array, off: number, len: number): number {
    let n = 0;
    while (n < len && this.pos < this.b.length) buf[off + n++] = this.b[this.pos++];
    return n || -1;
  }
  seek(pos: number): void {
    this.pos = pos;
  }
  eof(): boolean {
    return this.pos >= this.b.length;
  }
}

class Output {
  pieces: Buffer[] = [];
  private cur = Buffer.allocUnsafe(PIECE);
  private n = 0;
  writeByte(b: number): void {
    this.cur[this.n++] = b;
    if (this.n === PIECE) this.flush();
  }
  flush(): void {
    if (!this.n) return;
    this.pieces.push(this.cur.subarray(0, this.n));
    this.cur = Buffer.allocUnsafe(PIECE);
    this.n = 0;
  }
  take(): Buffer[] {
    this.flush();
    return this.pieces.splice(0);
  }
}

async function holdInput(src: AsyncIterable<Uint8Array>, maxInput: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const c of src) {
    n += c.length;
    if (n > maxInput) throw new Error(`more than ${maxInput} compressed bytes, which bzip2 decoding must hold whole`);
    parts.push(asBuffer(c));
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts, n);
}

/** The decompressed bytes of a bzip2 source; throws on damage after yielding what came before. */
export async function* bunzip2(src: AsyncIterable<Uint8Array>, maxInput: number): AsyncGenerator<Buffer> {
  const input = new Input(await holdInput(src, maxInput));
  Bunzip ??= (await import('seek-bzip')).default;
  const out = new Output();
  let pending: unknown;
  try {
    const bz = new Bunzip(input, out);
    for (;;) {
      if (bz._init_block()) {
        bz._read_bunzip();
      } else {
        const crc = bz.reader.read(32) >>> 0;
        if (crc !== bz.streamCRC >>> 0) throw new Error('bad bzip2 stream CRC');
        if (input.eof()) break;
        bz._start_bunzip(input, out);
      }
      yield* out.take();
    }
  } catch (e) {
    pending = e;
  }
  // Bytes of a damaged block decoded before the damage are still scanned.
  yield* out.take();
  if (pending) throw pending;
}
