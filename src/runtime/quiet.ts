// Results that say nothing but "scanned, n bytes": most blobs of a history. While they wait
// for their content's provenance (join.ts) only the content id and two numbers are kept,
// ~24 bytes instead of the chunk and result objects (~450 bytes: 100k blobs, 45 MB).
import type { WorkResult } from './runner.js';

export function isQuiet(r: WorkResult): boolean {
  if (r.hits.length || r.warnings.length || r.deferred || r.empty || r.files !== 1) return false;
  for (const _ in r.counts) return false;
  return true;
}

export class QuietResults {
  private ids: string[] = [];
  /** Per id: the chunk's size (NaN = not known) and the bytes its result scanned. */
  private nums = new Float64Array(2048);

  push(id: string, size: number | undefined, bytes: number): void {
    const i = this.ids.push(id) - 1;
    if (2 * i + 2 > this.nums.length) {
      const n = new Float64Array(this.nums.length * 2);
      n.set(this.nums);
      this.nums = n;
    }
    this.nums[2 * i] = size ?? NaN;
    this.nums[2 * i + 1] = bytes;
  }

  /** Each held result once, in order; then nothing is held. */
  drain(each: (id: string, size: number | undefined, bytes: number) => void): void {
    const { ids, nums } = this;
    this.ids = [];
    this.nums = new Float64Array(0);
    for (let i = 0; i < ids.length; i++) {
      const size = nums[2 * i]!;
      each(ids[i]!, Number.isNaN(size) ? undefined : size, nums[2 * i + 1]!);
    }
  }
}
