// SQLite's varints and record format (https://www.sqlite.org/fileformat.html#record_format):
// a header of serial types, then the values. Numbers are kept (the schema's rootpage is one);
// TEXT is decoded in the database's encoding, BLOB is kept as bytes.

export type Value = string | Uint8Array | number | null;
export type Record = Value[];

/** A varint at `o`: [value, length]. Values past 2^53 lose precision (rowids that large are rare). */
export function varint(b: Uint8Array, o: number): [number, number] {
  let v = 0;
  for (let i = 0; i < 8; i++) {
    const c = b[o + i];
    if (c === undefined) throw new Error('varint past the end of the page');
    v = v * 128 + (c & 0x7f);
    if (!(c & 0x80)) return [v, i + 1];
  }
  const c = b[o + 8];
  if (c === undefined) throw new Error('varint past the end of the page');
  return [v * 256 + c, 9];
}

const INT_BYTES = [0, 1, 2, 3, 4, 6, 8];

function int(b: Uint8Array, o: number, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) v = v * 256 + b[o + i];
  return b[o] & 0x80 ? v - 2 ** (8 * n) : v; // two's complement
}

function text(b: Uint8Array, enc: 'utf8' | 'utf16le' | 'utf16be'): string {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  if (enc === 'utf8') return buf.toString('utf8');
  if (enc === 'utf16le') return buf.toString('utf16le');
  return Buffer.from(buf).swap16().toString('utf16le');
}

/** The values of one record (a row's payload). A record cut short keeps the values before the cut. */
export function readRecord(p: Uint8Array, enc: 'utf8' | 'utf16le' | 'utf16be'): Record {
  const [hdr, n] = varint(p, 0);
  const types: number[] = [];
  for (let o = n; o < hdr && o < p.length; ) {
    const [t, k] = varint(p, o);
    types.push(t);
    o += k;
  }
  const out: Record = [];
  let o = hdr;
  for (const t of types) {
    const size = t >= 12 ? Math.floor((t - 12) / 2) : t <= 6 ? INT_BYTES[t] : t === 7 ? 8 : 0;
    if (o + size > p.length) break;
    if (t >= 12) out.push(t % 2 ? text(p.subarray(o, o + size), enc) : p.subarray(o, o + size));
    else if (t >= 1 && t <= 6) out.push(int(p, o, size));
    else if (t === 8 || t === 9) out.push(t - 8);
    else out.push(null); // NULL, a float (no key is a float)
    o += size;
  }
  return out;
}
