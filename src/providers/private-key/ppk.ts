// PuTTY's .ppk key files (versions 2 and 3): a header naming the key type and encryption,
// counted base64 lines of public and private blobs, and a MAC. Read to tell a whole file from
// a cut or made-up one; the MAC itself is not checked (v3 derives it with Argon2).

export interface PpkInfo {
  version: 2 | 3;
  keyType: string;
  encryption: string;
}

function blobLines(lines: string[], at: number, name: string): { end: number; blob: Buffer } | undefined {
  const m = new RegExp(`^${name}-Lines: (\\d{1,3})$`).exec(lines[at] ?? '');
  if (!m) return undefined;
  const n = Number(m[1]);
  const body = lines.slice(at + 1, at + 1 + n);
  if (body.length !== n || body.some((l) => !/^[A-Za-z0-9+/]{1,64}={0,2}$/.test(l))) return undefined;
  return { end: at + 1 + n, blob: Buffer.from(body.join(''), 'base64') };
}

export function parsePpk(text: string): PpkInfo | undefined {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const head = /^PuTTY-User-Key-File-([23]): ([a-z0-9@.-]{3,40})$/.exec(lines[0] ?? '');
  const enc = /^Encryption: (none|aes256-cbc)$/.exec(lines[1] ?? '');
  if (!head || !enc || !/^Comment: /.test(lines[2] ?? '')) return undefined;
  const pub = blobLines(lines, 3, 'Public');
  if (!pub || pub.blob.length < 8) return undefined;
  // The public blob starts with the key type as an SSH string.
  const typeLen = pub.blob.readUInt32BE(0);
  if (pub.blob.subarray(4, 4 + typeLen).toString('latin1') !== head[2]) return undefined;
  let at = pub.end;
  while (at < lines.length && /^(?:Key-Derivation|Argon2-[A-Za-z]+): /.test(lines[at]!)) at++;
  const priv = blobLines(lines, at, 'Private');
  if (!priv || priv.blob.length === 0) return undefined;
  const mac = /^Private-MAC: ([0-9a-f]{40}|[0-9a-f]{64})$/.exec(lines[priv.end] ?? '');
  if (!mac) return undefined;
  return { version: head[1] === '2' ? 2 : 3, keyType: head[2]!, encryption: enc[1]! };
}
