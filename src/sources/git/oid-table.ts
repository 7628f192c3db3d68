// A set of git object ids held as bytes, each given a dense index (0, 1, 2… in insertion
// order) that parallel typed arrays use for values. A history scan keeps one entry per blob
// and per commit: as a Map of hex strings that cost ~100 bytes an entry; here ~30 (20 bytes
// of id, the open-addressing slots at load ≤ 1/2).

export class OidTable {
  /** Bytes per id: 20 (SHA-1) or 32 (SHA-256), fixed by the first id added. */
  private width = 0;
  /** The ids, back to back, entry i at i * width. */
  private keys = new Uint8Array(0);
  /** Open addressing: entry index + 1, 0 = empty. Length a power of two. */
  private slots = new Int32Array(1024);
  private readonly scratch = new Uint8Array(32);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Bytes held (ids and slots): what the table costs, for tests and figures. */
  get footprint(): number {
    return this.keys.byteLength + this.slots.byteLength;
  }

  /** The entry of `hex`, or -1. */
  get(hex: string): number {
    if (!this.width || hex.length !== this.width * 2 || !decode(hex, this.scratch)) return -1;
    const s = this.find(this.scratch);
    return s < 0 ? this.slots[~s]! - 1 : -1;
  }

  /** The entry of `hex`, added if new; `added` says which. Throws on a malformed id. */
  add(hex: string): { index: number; added: boolean } {
    if (!this.width) {
      if (hex.length !== 40 && hex.length !== 64) throw new Error(`not an object id: '${hex}'`);
      this.width = hex.length / 2;
      this.keys = new Uint8Array(this.width * 1024);
    }
    if (hex.length !== this.width * 2 || !decode(hex, this.scratch)) throw new Error(`not an object id of this repository: '${hex}'`);
    const s = this.find(this.scratch);
    if (s < 0) return { index: this.slots[~s]! - 1, added: false };
    const index = this.count++;
    if ((index + 1) * this.width > this.keys.length) this.keys = grow(this.keys, this.keys.length * 2);
    this.keys.set(this.scratch.subarray(0, this.width), index * this.width);
    this.slots[s] = index + 1;
    if (this.count * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    return { index, added: true };
  }

  /** The id of entry `i`, as hex. */
  hex(i: number): string {
    const w = this.width;
    return Buffer.from(this.keys.buffer, this.keys.byteOffset + i * w, w).toString('hex');
  }

  /**
   * The slot holding `id` as ~slot (< 0), or the free slot where it would go (≥ 0).
   * Ids are uniformly random already: their first bytes are the hash.
   */
  private find(id: Uint8Array): number {
    const w = this.width;
    const mask = this.slots.length - 1;
    let s = ((id[0]! << 24) | (id[1]! << 16) | (id[2]! << 8) | id[3]!) & mask;
    for (;;) {
      const e = this.slots[s]!;
      if (e === 0) return s;
      const at = (e - 1) * w;
      let same = true;
      for (let k = 0; k < w; k++) {
        if (this.keys[at + k] !== id[k]) {
          same = false;
          break;
        }
      }
      if (same) return ~s;
      s = (s + 1) & mask;
    }
  }

  private rehash(n: number): void {
    const w = this.width;
    const slots = new Int32Array(n);
    const mask = n - 1;
    const k = this.keys;
    for (let i = 0; i < this.count; i++) {
      const at = i * w;
      let s = ((k[at]! << 24) | (k[at + 1]! << 16) | (k[at + 2]! << 8) | k[at + 3]!) & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = i + 1;
    }
    this.slots = slots;
  }
}

/** A copy of `a` with room for `n` elements (typed arrays do not grow in place). */
export function grow<T extends Uint8Array | Uint32Array | Float64Array | Int16Array | Int32Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

/** Lower-case hex into `out`; false if `hex` has any other character. */
function decode(hex: string, out: Uint8Array): boolean {
  for (let i = 0, j = 0; i < hex.length; i += 2, j++) {
    const hi = nibble(hex.charCodeAt(i));
    const lo = nibble(hex.charCodeAt(i + 1));
    if ((hi | lo) < 0) return false;
    out[j] = (hi << 4) | lo;
  }
  return true;
}

function nibble(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}
