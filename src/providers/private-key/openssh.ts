// The openssh-key-v1 container (OpenSSH's PROTOCOL.key): magic, cipher, kdf, keys. Read far
// enough to tell a whole key from a cut or made-up block, and an encrypted one from a plain one.

const MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');

export interface OpenSshInfo {
  cipher: string;
  keyType: string;
}

/** Reads SSH wire-format strings (uint32 length + bytes) from a buffer, bounds-checked. */
class Reader {
  at = 0;
  constructor(readonly buf: Buffer) {}
  u32(): number {
    if (this.at + 4 > this.buf.length) throw new RangeError('short');
    const v = this.buf.readUInt32BE(this.at);
    this.at += 4;
    return v;
  }
  bytes(): Buffer {
    const n = this.u32();
    if (this.at + n > this.buf.length) throw new RangeError('short');
    const v = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    return v;
  }
}

/** The container's cipher and key type, or undefined when it is not a whole openssh-key-v1. */
export function parseOpenSsh(body: Buffer): OpenSshInfo | undefined {
  if (!body.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  try {
    const r = new Reader(body.subarray(MAGIC.length));
    const cipher = r.bytes().toString('latin1');
    r.bytes(); // kdf name
    r.bytes(); // kdf options
    if (r.u32() !== 1) return undefined;
    const pub = new Reader(r.bytes());
    const keyType = pub.bytes().toString('latin1');
    const priv = r.bytes();
    if (r.at !== r.buf.length || priv.length < 8) return undefined;
    // Unencrypted: the two check ints match (a real key always; a cut or edited one rarely).
    if (cipher === 'none' && priv.readUInt32BE(0) !== priv.readUInt32BE(4)) return undefined;
    if (cipher !== 'none' && priv.length % 8 !== 0) return undefined;
    return { cipher, keyType };
  } catch {
    return undefined;
  }
}

/** An openssh-key-v1 body for fixtures: `priv` is the private section before padding. */
export function buildOpenSsh(keyType: string, pub: Buffer, privPart: Buffer, check: number, cipher = 'none'): Buffer {
  const str = (b: Buffer | string) => {
    const v = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    const n = Buffer.alloc(4);
    n.writeUInt32BE(v.length);
    return Buffer.concat([n, v]);
  };
  const u32 = (v: number) => {
    const n = Buffer.alloc(4);
    n.writeUInt32BE(v >>> 0);
    return n;
  };
  const pubBlob = Buffer.concat([str(keyType), str(pub)]);
  let priv = Buffer.concat([u32(check), u32(check), str(keyType), str(pub), str(privPart), str('fixture')]);
  const padLen = (8 - (priv.length % 8)) % 8;
  priv = Buffer.concat([priv, Buffer.from(Array.from({ length: padLen }, (_, i) => i + 1))]);
  return Buffer.concat([MAGIC, str(cipher), str(cipher === 'none' ? 'none' : 'bcrypt'), str(cipher === 'none' ? '' : Buffer.alloc(24, 7)), u32(1), str(pubBlob), str(priv)]);
}
