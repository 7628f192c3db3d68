// stdin source: `cat file | keyhound scan -` streams the piped bytes through the windowed path
// (decode/streamed.ts): memory stays bounded whatever the size. On Ctrl-C the scan stops
// reading (scan.ts stops at the abort) and reports what was matched.
import type { Source } from './source.js';
import { stdinChunk } from './stream.js';

export function stdinSource(stream: NodeJS.ReadableStream = process.stdin): Source {
  return async function* (ctx) {
    yield [stdinChunk(stream, ctx.signal)];
  };
}
