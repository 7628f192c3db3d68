// Several providers' tokens carry a base64 (or base64url) JSON document: decoding it is the
// offline check that a value is one of theirs and not a look-alike or a placeholder.

/** The JSON object `b64` decodes to, or undefined (not base64, not JSON, not an object). */
export function b64json(b64: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(b64)) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(b64.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** True when every key names a non-empty string or a number in `doc`. */
export function hasFields(doc: Record<string, unknown> | undefined, keys: string[]): boolean {
  return doc !== undefined && keys.every((k) => (typeof doc[k] === 'string' && doc[k] !== '') || typeof doc[k] === 'number');
}

/** base64 of a JSON document, for example generators. */
export function b64of(doc: unknown, url = false): string {
  const s = Buffer.from(JSON.stringify(doc)).toString(url ? 'base64url' : 'base64');
  return url ? s : s.replace(/=+$/, '');
}
