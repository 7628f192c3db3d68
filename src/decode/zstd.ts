// zstd (28 B5 2F FD): fzstd (pure JS, MIT) decodes the frames as the input is pushed, so a
// caller that stops reading stops the decoding; concatenated frames and skippable frames are
// read in order.
import { Decompress } from 'fzstd';

/** The decompressed bytes of a zstd source; throws on damage after yielding what came before. */
export async function* unzstd(src: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  const ready: Buffer[] = [];
  let ended = false;
  const d = new Decompress((data, final) => {
    if (data.length) ready.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    if (final) ended = true;
  });
  let any = false;
  for await (const c of src) {
    any ||= c.length > 0;
    d.push(c);
    while (ready.length) yield ready.shift()!;
  }
  d.push(new Uint8Array(0), true);
  while (ready.length) yield ready.shift()!;
  // fzstd ends a cut frame silently: a frame that never reached its end is damage.
  if (any && !ended) throw new Error('unexpected end of zstd data');
}
