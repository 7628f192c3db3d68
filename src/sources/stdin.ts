// stdin source: `cat file | keyhound scan -` scans the piped bytes as one chunk. On Ctrl-C
// it stops reading and scans what arrived, so a partial report is still written.
import type { Source, SourceContext } from './source.js';

export function stdinSource(stream: NodeJS.ReadableStream = process.stdin): Source {
  return async function* (ctx: SourceContext) {
    const parts: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      const done = () => {
        stream.off('data', onData);
        ctx.signal.removeEventListener('abort', done);
        stream.pause();
        resolve();
      };
      const onData = (part: Buffer | string) => void parts.push(typeof part === 'string' ? Buffer.from(part) : part);
      stream.on('data', onData);
      stream.once('end', done);
      stream.once('error', reject);
      ctx.signal.addEventListener('abort', done);
    });
    yield [{ id: '-', bytes: Buffer.concat(parts), provenance: [{ kind: 'stdin' }] }];
  };
}
