// stdin source: `cat file | keyhound scan -` scans the piped bytes as one chunk.
import type { Source } from './source.js';

export function stdinSource(stream: NodeJS.ReadableStream = process.stdin): Source {
  return async function* () {
    const parts: Buffer[] = [];
    for await (const part of stream) parts.push(typeof part === 'string' ? Buffer.from(part) : (part as Buffer));
    yield { id: '-', bytes: Buffer.concat(parts), provenance: [{ kind: 'stdin' }] };
  };
}
