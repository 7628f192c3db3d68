// Results of chunks whose provenance comes later (Chunk.settle) wait here for their
// settler; those that say nothing are held as ids and numbers only (see quiet.ts). A
// settler becomes ready once its source has walked far enough (a history: at its end).
import type { Chunk, Settler } from '../types.js';
import type { WorkResult } from './runner.js';
import { QuietResults, isQuiet } from './quiet.js';
import { reattach } from './reattach.js';
import { displayPath } from '../sources/provenance.js';

export interface SettlementDeps {
  absorb(r: WorkResult): void;
  absorbQuiet(bytes: number): void;
  /** Whether some rule is allowlisted at this path (then a hit there needs a rescan). */
  allowsPath(path: string): boolean;
  /** Scan a chunk again, its provenance now known. */
  rescan(chunk: Chunk): Promise<WorkResult>;
}

export class Settlement {
  private readonly held = new Map<Settler, { full: Array<[Chunk, WorkResult]>; quiet: QuietResults }>();
  private readonly ready = new Set<Settler>();
  /** Work that ends after the source: settlers becoming ready, rescans. */
  private readonly later: Array<Promise<void>> = [];

  constructor(private readonly deps: SettlementDeps) {}

  accept(chunks: Chunk[], results: WorkResult[]): void {
    results.forEach((r, i) => {
      const chunk = chunks[i]!;
      const settler = chunk.settle;
      if (!settler) return this.deps.absorb(r);
      if (this.ready.has(settler)) return this.settleOne(chunk, r);
      const waiting = this.held.get(settler) ?? this.hold(settler);
      if (settler.settleQuiet && isQuiet(r)) waiting.quiet.push(chunk.id, chunk.size, r.bytes);
      else waiting.full.push([chunk, r]);
    });
  }

  /** Waits, in order, for everything settled after the source ended (stops when abandon() says so). */
  async finish(until: (p: Promise<unknown>) => Promise<unknown>, abandon: () => boolean): Promise<void> {
    for (let i = 0; i < this.later.length && !abandon(); i++) await until(this.later[i]!);
  }

  /** After an abort, settlements cut off may still fail (their pool is gone): nobody waits on them. */
  forget(): void {
    for (const p of this.later) p.catch(() => {});
  }

  private hold(settler: Settler) {
    const w = { full: [] as Array<[Chunk, WorkResult]>, quiet: new QuietResults() };
    this.held.set(settler, w);
    this.later.push(
      settler.ready.then(() => {
        this.ready.add(settler);
        this.held.delete(settler);
        w.quiet.drain((id, size, bytes) => settler.settleQuiet!(id, size) && this.deps.absorbQuiet(bytes));
        for (const [c, res] of w.full) this.settleOne(c, res);
      }),
    );
    return w;
  }

  private settleOne(chunk: Chunk, r: WorkResult): void {
    const settler = chunk.settle!;
    if (settler.settleQuiet && isQuiet(r)) {
      if (settler.settleQuiet(chunk.id, chunk.size)) this.deps.absorbQuiet(r.bytes);
      return;
    }
    const s = settler.settle(chunk);
    if (!s) return;
    // Scanned before its path was known: if a rule is allowlisted at that path, scan again
    // knowing it (rare: it needs hits and a path allowlist that applies).
    const path = s.provenance[0] && displayPath(s.provenance[0]);
    if (r.hits.length && path !== undefined && this.deps.allowsPath(path)) {
      const { settle: _settle, ...known } = chunk;
      const again = { ...known, provenance: s.provenance, moreProvenance: s.moreProvenance };
      this.later.push(this.deps.rescan(again).then(this.deps.absorb));
      return;
    }
    this.deps.absorb(reattach(r, chunk.provenance[0], s.provenance, s.moreProvenance));
  }
}
