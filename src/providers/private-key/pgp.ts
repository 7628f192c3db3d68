// ASCII-armored OpenPGP private key blocks (RFC 4880/9580): the armor's base64 must decode to
// a packet stream whose first packet is a secret key (tag 5) of a known version.

const ARMOR = /^-----BEGIN PGP PRIVATE KEY BLOCK-----\r?\n((?:[A-Za-z]+: [^\r\n]{0,200}\r?\n)*)\r?\n([A-Za-z0-9+/=\r\n]{20,60000}?)(?:\r?\n=[A-Za-z0-9+/]{4})?\r?\n-----END PGP PRIVATE KEY BLOCK-----\s*$/;

/** The first packet's tag and the key version byte, or undefined. */
export function firstPacket(data: Buffer): { tag: number; version: number } | undefined {
  const b = data[0];
  if (b === undefined || !(b & 0x80)) return undefined;
  let tag: number;
  let at: number;
  if (b & 0x40) {
    tag = b & 0x3f;
    const l = data[1]!;
    at = l < 192 ? 2 : l < 224 ? 3 : l === 255 ? 6 : -1;
  } else {
    tag = (b >> 2) & 0x0f;
    const lt = b & 3;
    at = lt === 0 ? 2 : lt === 1 ? 3 : lt === 2 ? 5 : -1;
  }
  if (at < 0 || data.length <= at) return undefined;
  return { tag, version: data[at]! };
}

export function isPgpPrivateKey(text: string): boolean {
  const m = ARMOR.exec(text.replace(/\r\n/g, '\n'));
  if (!m) return false;
  const b64 = m[2]!.replace(/\s+/g, '').replace(/=[A-Za-z0-9+/]{4}$/, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return false;
  const p = firstPacket(Buffer.from(b64, 'base64'));
  return p !== undefined && p.tag === 5 && p.version >= 3 && p.version <= 6;
}
