// PEM blocks as text: label, RFC 1421 headers (Proc-Type/DEK-Info of legacy encrypted keys),
// body bytes. Pure; node:crypto does the real parse of unencrypted keys (validators.ts).

export interface PemBlock {
  label: string;
  headers: Record<string, string>;
  body: Buffer;
}

const BLOCK = /^-----BEGIN ([A-Z0-9 ]{3,40})-----\r?\n((?:[A-Za-z-]+: [^\r\n]{1,200}\r?\n)*)\r?\n?([A-Za-z0-9+/=\r\n]{1,20000}?)-----END \1-----\s*$/;

/** Undo JSON/shell escaping of newlines (a key inside a JSON string or a .env line). */
export function unescapeNewlines(s: string): string {
  return s.includes('\\n') ? s.replace(/\\r\\n|\\n/g, '\n') : s;
}

export function parsePem(text: string): PemBlock | undefined {
  const m = BLOCK.exec(unescapeNewlines(text).replace(/\r\n/g, '\n'));
  if (!m) return undefined;
  const headers: Record<string, string> = {};
  for (const line of m[2]!.split('\n')) {
    const i = line.indexOf(': ');
    if (i > 0) headers[line.slice(0, i)] = line.slice(i + 2);
  }
  const b64 = m[3]!.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) return undefined;
  return { label: m[1]!, headers, body: Buffer.from(b64, 'base64') };
}

/** Whether `der` is one whole DER SEQUENCE (its length field matches): a cut block is not. */
export function derComplete(der: Buffer): boolean {
  if (der.length < 2 || der[0] !== 0x30) return false;
  let len = der[1]!;
  let at = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n < 1 || n > 4 || der.length < 2 + n) return false;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[2 + i]!;
    at = 2 + n;
  }
  return at + len === der.length;
}
