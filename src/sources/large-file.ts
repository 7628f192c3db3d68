// Files over the in-memory limit: a container (tar, gzip, zip) is streamed entry by entry
// through decode/stream.ts so memory stays bounded; anything else is left to the caller.
import { open } from 'node:fs/promises';
import type { Chunk, Provenance } from '../types.js';
import type { DecodeContext, DecodeLimits } from '../decode/index.js';

export async function streamLargeFile(abs: string, provenance: Provenance, limits: DecodeLimits, ctx: DecodeContext): Promise<AsyncIterable<Chunk> | null> {
  const head = new Uint8Array(512);
  const fh = await open(abs, 'r');
  try {
    await fh.read(head, 0, head.length, 0);
  } finally {
    await fh.close();
  }
  const { sniffContainer, expandFileStream } = await import('../decode/stream.js');
  if (!sniffContainer(head)) return null;
  return expandFileStream(abs, provenance, limits, ctx);
}
