// Run a Source with a simple context and collect what it yields and reports, as the scan
// would see it: git blobs read (workers do that in a scan) and late provenance joined.
import type { Chunk, ScanWarning } from '../../../src/types.js';
import type { LateProvenance, Source } from '../../../src/sources/source.js';
import { BlobReader } from '../../../src/sources/git/blobs.js';
import { displayPath } from '../../../src/sources/provenance.js';

export interface Collected {
  chunks: Chunk[];
  warnings: ScanWarning[];
  counts: Record<string, number>;
  text(c: Chunk): string;
  /** Chunks whose bytes contain `s`. */
  containing(s: string): Chunk[];
}

export async function collect(source: Source, signal: AbortSignal = new AbortController().signal): Promise<Collected> {
  const yielded: Chunk[] = [];
  const warnings: ScanWarning[] = [];
  const counts: Record<string, number> = {};
  const readers = new Map<string, BlobReader>();
  let late: LateProvenance | undefined;
  try {
    const ctx = { warn: (w: ScanWarning) => void warnings.push(w), count: (k: string, n = 1) => void (counts[k] = (counts[k] ?? 0) + n), signal, provenanceLater: (l: LateProvenance) => void (late = l) };
    for await (const batch of source(ctx)) {
      expect(batch.length).toBeGreaterThan(0);
      for (const c of batch) {
        if (!c.gitBlob) {
          yielded.push({ ...c, bytes: Buffer.from(c.bytes) });
          continue;
        }
        let r = readers.get(c.gitBlob.repo);
        if (!r) readers.set(c.gitBlob.repo, (r = new BlobReader(c.gitBlob, 1 << 30)));
        const a = await r.read(c.id);
        if ('bytes' in a) yielded.push({ ...c, bytes: a.bytes });
        else if ('stream' in a) throw new Error(`blob ${c.id} is streamed: collect() holds small test blobs only`);
        else {
          // As the worker reports it (runtime/runner.ts).
          const path = c.provenance[0] ? displayPath(c.provenance[0]) : `(blob ${c.id})`;
          const kind = 'missing' in a ? 'missing-object' : 'size-cap';
          counts[kind === 'size-cap' ? 'sizeCapped' : 'missingObjects'] = (counts[kind === 'size-cap' ? 'sizeCapped' : 'missingObjects'] ?? 0) + 1;
          warnings.push({ kind, path, message: 'missing' in a ? a.missing : `${a.overCap} bytes` });
        }
      }
    }
  } finally {
    for (const r of readers.values()) r.close();
  }
  // The source has ended: every late provenance is known.
  const chunks: Chunk[] = [];
  for (const c of yielded) {
    if (c.provenance.length) {
      chunks.push(c);
      continue;
    }
    expect(late).toBeDefined();
    await late!.ready;
    const s = late!.places(c.id, c.size);
    if (!s) continue;
    chunks.push({ ...c, provenance: s.provenance, ...(s.moreProvenance ? { moreProvenance: s.moreProvenance } : {}) });
  }
  const text = (c: Chunk) => Buffer.from(c.bytes).toString('utf8');
  return { chunks, warnings, counts, text, containing: (s) => chunks.filter((c) => text(c).includes(s)) };
}
