// One interface over the stream compressors (gzip, bzip2, xz, zstd): a source in, its
// decompressed bytes out, at most `cap` of them, with the same state gzip reports
// (./gzip.ts gunzipEnd words the warnings), so every compressor is bounded the same way.
import type { ContainerKind } from './archive.js';
import { type Bytes } from './bytes.js';
import { bunzip2 } from './bzip2.js';
import { type Gunzipped, gunzipCapped, gunzipStream } from './gzip.js';
import { unxz } from './xz.js';
import { unzstd } from './zstd.js';

export type Codec = 'gzip' | 'bzip2' | 'xz' | 'zstd';

export const isCodec = (k: ContainerKind | null): k is Codec => k === 'gzip' || k === 'bzip2' || k === 'xz' || k === 'zstd';

/** Most compressed bytes held whole for a decoder that needs them so (bzip2). */
const HOLD_INPUT = 512 * 1024 * 1024;

/** The decompressed bytes of `src` (errors end it by throwing; no cap). */
export function decompress(codec: Codec, src: AsyncIterable<Uint8Array>): Bytes {
  if (codec === 'gzip') return gunzipStream(src);
  if (codec === 'bzip2') return bunzip2(src, HOLD_INPUT);
  return codec === 'xz' ? unxz(src) : unzstd(src);
}

/**
 * `src` decompressed, at most `cap` bytes out. `state` says, once `out` has ended, how many
 * bytes came and why it stopped (for gunzipEnd).
 */
export function decompressCapped(codec: Codec, src: AsyncIterable<Uint8Array>, cap: number): { out: AsyncGenerator<Buffer>; state: Gunzipped; close(): void } {
  if (codec === 'gzip') return gunzipCapped(src, cap);
  const state: Gunzipped = { inflated: 0, cap, over: false };
  const it = decompress(codec, src)[Symbol.asyncIterator]();
  const out = async function* (): AsyncGenerator<Buffer> {
    try {
      for (let r = await it.next(); !r.done; r = await it.next()) {
        state.inflated += r.value.length;
        if (state.inflated > cap) {
          state.over = true;
          return;
        }
        yield r.value;
      }
    } catch (e) {
      state.error ??= e;
    } finally {
      await it.return?.(undefined);
    }
  };
  return { out: out(), state, close: () => void it.return?.(undefined) };
}

/** The first bytes `head` decompresses to (sniffing a .tar.xz without reading it all), or none. */
export async function decompressedHead(codec: Codec, src: AsyncIterable<Uint8Array>, n = 4096): Promise<Buffer> {
  const parts: Buffer[] = [];
  let len = 0;
  const it = decompress(codec, src)[Symbol.asyncIterator]();
  try {
    while (len < n) {
      const r = await it.next();
      if (r.done) break;
      parts.push(r.value);
      len += r.value.length;
    }
  } catch {
    // a head cut short decodes as far as it goes
  } finally {
    await it.return?.(undefined);
  }
  return Buffer.concat(parts);
}
