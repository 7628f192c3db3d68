// The pipeline's handling of chunks scanned before their provenance is known (empty provenance,
// the source's LateProvenance): results wait for it, are joined with the provenance it gives,
// are dropped (and not counted) when it says null, and path allowlists apply per place there,
// without a second scan.
import { afterAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scan } from '../src/scan.js';
import type { LateProvenance, Places, Source } from '../src/sources/source.js';
import type { Chunk, Provenance } from '../src/types.js';
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

/** Chunks whose provenance the source gives only after it has yielded them all. */
function lateSource(items: Array<{ text: string; settled: Places | null }>): { source: Source; settled: () => boolean; asked: string[] } {
  let release: () => void = () => {};
  let done = false;
  const answers = new Map<string, Places | null>();
  const asked: string[] = [];
  const late: LateProvenance = {
    ready: new Promise<void>((r) => (release = r)),
    places: (id) => {
      if (!done) throw new Error('asked before ready');
      asked.push(id);
      return answers.get(id) ?? null;
    },
    counts: (id) => answers.get(id) !== null,
  };
  const chunks: Chunk[] = items.map((it, i) => {
    const id = `blob${i}`;
    answers.set(id, it.settled);
    return { id, bytes: Buffer.from(it.text), provenance: [] };
  });
  const source: Source = async function* (ctx) {
    ctx.provenanceLater!(late);
    yield chunks;
    // Give the workers time to answer before the provenance is known.
    await new Promise((r) => setTimeout(r, 50));
    done = true;
    release();
  };
  return { source, settled: () => done, asked };
}

// Inline one chunk at a time (before a pool starts), batched on the main thread, in a worker.
describe.each([
  { workers: 0, eagerWorkers: false },
  { workers: 0, eagerWorkers: true },
  { workers: 1, eagerWorkers: true },
])('late provenance ($workers workers, eager: $eagerWorkers)', ({ workers, eagerWorkers }) => {
  test('joined, dropped, and hidden where a path allowlist applies, each scanned once', async () => {
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
    // The dropped chunk counts nowhere; the allow-listed one once.
    expect(res.summary.filesScanned).toBe(2);
    expect(res.summary.bytesScanned).toBe(`a\nkey = ${kept}\n`.length + `key = ${allowed}\n`.length);
  });

  // The allowlist is per place: a blob seen at an allow-listed path and at another is
  // reported at the other, whichever of them the provenance lists first.
  test.each([
    { order: 'allow-listed first', paths: ['test/fixtures/c.cfg', 'src/d.cfg'] },
    { order: 'allow-listed last', paths: ['src/d.cfg', 'test/fixtures/c.cfg'] },
  ])('a path allowlist hides one place of a blob, not the others ($order)', async ({ paths }) => {
    const secret = token();
    const text = `x\n  t = ${secret}\n`;
    const { source, asked } = lateSource([{ text, settled: { provenance: paths.map(at) } }]);
    const res = await scan(source, { extraRules: [ruleFile()], builtinRules: false, workers, eagerWorkers });
    expect(asked).toEqual(['blob0']);
    expect(res.findings).toHaveLength(1);
    expect(res.findings[0]!.locations.map((l) => [l.path, l.line, l.column])).toEqual([['src/d.cfg', 2, 12]]);
    expect(res.summary.filesScanned).toBe(1);
    expect(res.summary.bytesScanned).toBe(text.length);
  });
});
