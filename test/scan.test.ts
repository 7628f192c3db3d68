// The pipeline's handling of chunks scanned before their provenance is known (Chunk.settle):
// results wait for the settler, take the settled provenance, are dropped (and not counted)
// when it says null, and are scanned again when a rule is allowlisted at the settled path.
import { afterAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scan } from '../src/scan.js';
import type { Source } from '../src/sources/source.js';
import type { Chunk, Provenance, Settled, Settler } from '../src/types.js';
import { randomFrom } from './helpers/keys.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A rule that ignores `fixtures/` paths; nothing else is loaded. */
function ruleFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyhound-scan-'));
  dirs.push(dir);
  const file = join(dir, 'demo.yaml');
  writeFileSync(
    file,
    [
      'rules:',
      '  - id: demo-token',
      '    name: Demo token',
      '    description: test rule',
      '    severity: high',
      '    keywords: [demo_]',
      "    pattern: 'demo_(?<secret>[a-z0-9]{24})'",
      '    allow:',
      "      paths: ['(^|/)fixtures/']",
      '    examples:',
      "      - 't = demo_{{alnum:24}}'",
      '',
    ].join('\n'),
  );
  return file;
}

const token = () => `demo_${randomFrom('abcdefghijklmnopqrstuvwxyz0123456789', 24)}`;
const at = (path: string): Provenance => ({ kind: 'git', commit: 'c'.repeat(40), path, author: 'A', email: 'a@x', date: '2021-01-01T00:00:00Z', subject: 's' });

/** Chunks whose provenance the settler gives only after the source has yielded them all. */
function lateSource(items: Array<{ text: string; settled: Settled | null }>): { source: Source; settled: () => boolean } {
  let release: () => void = () => {};
  let done = false;
  const answers = new Map<string, Settled | null>();
  const settler: Settler = {
    ready: new Promise<void>((r) => (release = r)),
    settle: (chunk) => {
      if (!done) throw new Error('settled before ready');
      return answers.get(chunk.id) ?? null;
    },
  };
  const chunks: Chunk[] = items.map((it, i) => {
    const id = `blob${i}`;
    answers.set(id, it.settled);
    return { id, bytes: Buffer.from(it.text), provenance: [{ kind: 'git-unreachable', blob: id }], settle: settler };
  });
  const source: Source = async function* () {
    yield chunks;
    // Give the workers time to answer before the provenance is known.
    await new Promise((r) => setTimeout(r, 50));
    done = true;
    release();
  };
  return { source, settled: () => done };
}

// Inline one chunk at a time (before a pool starts), batched on the main thread, in a worker.
describe.each([
  { workers: 0, eagerWorkers: false },
  { workers: 0, eagerWorkers: true },
  { workers: 1, eagerWorkers: true },
])('late provenance ($workers workers, eager: $eagerWorkers)', ({ workers, eagerWorkers }) => {
  test('settled, dropped, and rescanned where a path allowlist applies', async () => {
    const [kept, dropped, allowed] = [token(), token(), token()];
    const { source, settled } = lateSource([
      { text: `a\nkey = ${kept}\n`, settled: { provenance: [at('src/a.cfg'), at('src/b.cfg')], moreProvenance: 3 } },
      { text: `key = ${dropped}\n`, settled: null },
      { text: `key = ${allowed}\n`, settled: { provenance: [at('test/fixtures/c.cfg')] } },
    ]);
    const res = await scan(source, { extraRules: [ruleFile()], builtinRules: false, workers, eagerWorkers });
    expect(settled()).toBe(true);
    expect(res.findings.map((f) => f.secret)).toEqual([kept.slice('demo_'.length)]);
    // Every place of the blob is a location, at the same line and column; the 3 beyond the
    // provenance list are counted.
    const f = res.findings[0]!;
    expect(f.locations.map((l) => [l.path, l.provenance.kind, l.line, l.column])).toEqual([
      ['src/a.cfg', 'git', 2, 12], // the secret, after 'key = demo_'
      ['src/b.cfg', 'git', 2, 12],
    ]);
    expect(f.moreLocations).toBe(3);
    // The dropped chunk counts nowhere; the rescanned one once.
    expect(res.summary.filesScanned).toBe(2);
    expect(res.summary.bytesScanned).toBe(`a\nkey = ${kept}\n`.length + `key = ${allowed}\n`.length);
  });
});
