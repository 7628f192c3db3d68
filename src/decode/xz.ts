// xz (FD 37 7A 58 5A 00): xz-decompress (xz-embedded compiled to WASM, MIT) over a web stream.
// It decodes as it reads, so a caller that stops reading stops the decoding; concatenated
// streams are read one after the other. The legacy .lzma ("LZMA alone") format is not xz and
// is not decoded by it.
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadable } from 'node:stream/web';

type XzModule = typeof import('xz-decompress');

const require = createRequire(import.meta.url);
const MODULE = require.resolve('xz-decompress');

/**
 * One module copy per open stream. The package lets one stream at a time use its WASM
 * instance (a module-wide lock, held until the stream ends or is cancelled), so an xz inside
 * a .tar.xz would wait forever for its outer stream: each nesting level loads its own copy
 * (at most maxDepth of them per thread; a copy is ~1 MB and loads in a few ms).
 */
const copies: Array<{ mod: XzModule; busy: boolean }> = [];

function take(): { mod: XzModule; busy: boolean } {
  let c = copies.find((x) => !x.busy);
  if (!c) {
    // A UMD bundle: Node's ESM loader sees no named exports in it, so it is required, and
    // dropped from the cache so that the next require evaluates a fresh copy.
    delete require.cache[MODULE];
    c = { mod: require(MODULE) as XzModule, busy: false };
    delete require.cache[MODULE];
    copies.push(c);
  }
  c.busy = true;
  return c;
}

/** The decompressed bytes of an xz source; throws on damage after yielding what came before. */
export async function* unxz(src: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  const copy = take();
  const input = Readable.from(src, { objectMode: false });
  const web = Readable.toWeb(input) as unknown as ReadableStream<Uint8Array>;
  const reader = (new copy.mod.XzReadableStream(web) as unknown as WebReadable<Uint8Array>).getReader();
  let open = true;
  try {
    for (;;) {
      const r = await reader.read().catch((e: unknown) => {
        open = false; // an error has released the lock
        throw e;
      });
      if (r.done) {
        open = false;
        return;
      }
      if (r.value.length) yield Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength);
    }
  } finally {
    // Stopped early (a cap, a sniffed head): cancelling is what releases the module's lock.
    if (open) await reader.cancel().catch(() => {});
    reader.releaseLock();
    input.destroy();
    copy.busy = false;
  }
}
