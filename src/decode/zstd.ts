// zstd (28 B5 2F FD): fzstd (pure JS, MIT) decodes the frames as the input is pushed, so a
// caller that stops reading stops the decoding; concatenated frames and skippable frames are
// read in order.
/** Loaded on the first zstd stream: every worker thread would otherwise compile it at start-up. */
let fzstd: typeof import('fzstd') | undefined;

/**
 * Largest window accepted: zstd(1)'s own default decoder limit (2^27). fzstd allocates the
 * window a frame header declares (up to 2 GB) and moves it for every block, so a 20-byte
 * header could otherwise cost gigabytes and minutes.
 */
export const MAX_WINDOW = 2 ** 27;

/** The window a frame header at the start of `b` declares, or undefined when cut short. */
export function frameWindow(b: Uint8Array): number | undefined {
  if (b.length < 6 || b[0] !== 0x28 || b[1] !== 0xb5 || b[2] !== 0x2f || b[3] !== 0xfd) return undefined;
  const fhd = b[4];
  if (!(fhd & 0x20)) {
    const exp = 10 + (b[5] >> 3);
    const base = 2 ** exp;
    return base + (base / 8) * (b[5] & 7);
  }
  // single segment: the window is the content size (after the dictionary id)
  const dictBytes = [0, 1, 2, 4][fhd & 3];
  const sizeBytes = [1, 2, 4, 8][fhd >> 6];
  const at = 5 + dictBytes;
  if (b.length < at + sizeBytes) return undefined;
  let n = 0;
  for (let i = sizeBytes - 1; i >= 0; i--) n = n * 256 + b[at + i];
  return sizeBytes === 2 ? n + 256 : n;
}

function checkWindow(w: number | undefined): void {
  if (w !== undefined && w > MAX_WINDOW) throw new Error(`zstd window of ${w} bytes is over the ${MAX_WINDOW}-byte limit`);
}

/** The decompressed bytes of a zstd source; throws on damage after yielding what came before. */
export async function* unzstd(src: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  const ready: Buffer[] = [];
  let ended = false;
  fzstd ??= await import('fzstd');
  const d = new fzstd.Decompress((data, final) => {
    if (data.length) ready.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    if (final) ended = true;
  });
  // fzstd's frame state: a later frame's window can only be checked once it is parsed.
  const state = d as unknown as { s?: { e?: number } | number };
  let first = true;
  let any = false;
  for await (const c of src) {
    if (first && c.length) checkWindow(frameWindow(c));
    first &&= c.length === 0;
    any ||= c.length > 0;
    d.push(c);
    if (typeof state.s === 'object') checkWindow(state.s.e);
    while (ready.length) yield ready.shift()!;
  }
  d.push(new Uint8Array(0), true);
  while (ready.length) yield ready.shift()!;
  // fzstd ends a cut frame silently: a frame that never reached its end is damage.
  if (any && !ended) throw new Error('unexpected end of zstd data');
}
