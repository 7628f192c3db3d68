// One LateProvenance for a superproject's history and its submodules' (recurse.ts): a scan
// joins late provenance through one per source. Each history answers for the blobs it sent
// without provenance, its places relocated into the superproject. A blob id may come from two
// repositories (a file vendored in both): a blob's result depends only on its bytes, so which
// history answers for which of those identical results does not matter — only that each
// answers as often as it sent the blob, so that the finding lists the places of both.
import type { Chunk, Provenance } from '../../types.js';
import type { LateProvenance, Places } from '../source.js';

/** How a history's places are named in the superproject. */
export type Relocate = (p: Provenance) => Provenance;

export class LateUnion implements LateProvenance {
  readonly ready: Promise<void>;
  private resolve: () => void = () => {};
  private readonly lates: Array<LateProvenance | undefined> = [];
  private readonly relocates: Array<Relocate | undefined> = [];
  /**
   * Blob id → the submodule histories that sent it without provenance, one entry a chunk.
   * The superproject's (history 0) are the rest: the common case costs nothing here.
   */
  private readonly owners = new Map<string, number[]>();

  constructor() {
    this.ready = new Promise<void>((r) => (this.resolve = r));
  }

  /** A history joins; returns its number. Without `relocate`: the superproject's own. */
  add(relocate?: Relocate): number {
    this.relocates.push(relocate);
    return this.lates.push(undefined) - 1;
  }

  /** History `i` answers for its chunks without provenance through `late`. */
  answer(i: number, late: LateProvenance): void {
    this.lates[i] = late;
  }

  /** A chunk of history `i` as the scan gets it: its places relocated, or (none yet) its id noted. */
  chunk(i: number, c: Chunk): Chunk {
    const relocate = this.relocates[i];
    if (!relocate) return c;
    if (c.provenance.length) return { ...c, provenance: c.provenance.map(relocate) };
    const list = this.owners.get(c.id);
    if (list) list.push(i);
    else this.owners.set(c.id, [i]);
    return c;
  }

  /** Every history has ended (or the scan stopped): all of them can answer. */
  done(): void {
    this.resolve();
  }

  places(id: string, size: number | undefined): Places | null {
    const i = this.take(id);
    const p = this.lates[i]?.places(id, size) ?? null;
    const relocate = this.relocates[i];
    if (!p || !relocate) return p;
    return { ...p, provenance: p.provenance.map(relocate) };
  }

  counts(id: string, size: number | undefined): boolean {
    return this.lates[this.take(id)]?.counts(id, size) ?? false;
  }

  /** Which history answers for one result of `id`: a submodule's that sent it, else the superproject's. */
  private take(id: string): number {
    const list = this.owners.get(id);
    if (!list) return 0;
    const i = list.shift()!;
    if (!list.length) this.owners.delete(id);
    return i;
  }
}
