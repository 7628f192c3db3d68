// AWS key-id facts: key type, offline account decoding, documented examples, canaries.
// Pure functions; pairing of ids with secrets is generic (engine/pairing.ts).

export type AwsKeyType = 'long-term' | 'temporary' | 'other';

/** A finding's `facts.aws` (the JSON report's `aws` block, key for key). */
export interface AwsInfo {
  keyId: string;
  keyType: AwsKeyType;
  /** Decoded offline from the key id; null for old-style ids (never a made-up number). */
  account: string | null;
  canary: boolean;
  /** Who runs the canary service, when known (e.g. "canarytokens.org"). */
  canaryOwner?: string;
}

/** A credential key id: AKIA long-term, ASIA temporary, ABIA, ACCA; 16 base32 chars. */
export const KEY_ID = /^(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}$/;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export const CREDENTIAL_PREFIXES = ['AKIA', 'ASIA', 'ABIA', 'ACCA'] as const;

export function keyTypeOf(keyId: string): AwsKeyType {
  if (keyId.startsWith('AKIA')) return 'long-term';
  if (keyId.startsWith('ASIA')) return 'temporary';
  return 'other';
}

/**
 * Account id encoded in a key id (public research, see DESIGN.md): base32-decode the 16
 * chars after the prefix, take the first 6 bytes big-endian, mask 0x7FFFFFFFFF80, shift 7.
 * Old-style ids (5th char I or J) carry no account: null, never a made-up number.
 */
export function accountFromKeyId(keyId: string): string | null {
  if (keyId.length !== 20) return null;
  const body = keyId.slice(4);
  if (body[0] === 'I' || body[0] === 'J') return null;
  let value = 0n;
  // 10 chars of base32 = 50 bits; we need the first 48 bits (6 bytes).
  for (let i = 0; i < 10; i++) {
    const v = BASE32.indexOf(body[i]);
    if (v < 0) return null;
    value = (value << 5n) | BigInt(v);
  }
  const first48 = value >> 2n;
  const account = (first48 & 0x7fffffffff80n) >> 7n;
  return account.toString().padStart(12, '0');
}

/** Inverse of accountFromKeyId, for building fixtures: a new-style id for `account`. */
export function keyIdForAccount(prefix: string, account: string, randomTail: string): string {
  // Top bit set (5th char in Q-Z2-7, as real new-style ids), account in bits 46..7, 7 random-ish bits.
  const first48 = (1n << 47n) | (BigInt(account) << 7n) | BigInt(randomTail.charCodeAt(0) & 0x7f);
  let bits = first48 << 2n; // 50 bits for the first 10 base32 chars
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = BASE32[Number(bits & 31n)] + head;
    bits >>= 5n;
  }
  const tail = [...randomTail.slice(0, 6)].map((c) => BASE32[c.charCodeAt(0) % 32]).join('');
  return prefix + head + tail.padEnd(6, 'A');
}

/**
 * Honeytoken (canary) accounts from public lists: Thinkst canarytokens.org accounts and
 * look-alike canary services catalogued by public secret-scanning research. Any API call
 * with a key of these accounts alerts its owner, so keyhound marks them and never sends them.
 */
export const CANARY_ACCOUNTS: ReadonlyMap<string, string> = new Map([
  ...['052310077262', '171436882533', '534261010715', '595918472158', '717712589309',
    '819147034852', '992382622183', '730335385048', '266735846894', '729780141977',
  ].map((a) => [a, 'canarytokens.org (Thinkst)'] as const),
  ...['528757803018', '538784191382', '893192397702', '044858866125', '251535659677',
    '344043088457', '351906852752', '390477818340', '426127672474', '427150556519',
  ].map((a) => [a, 'known canary service'] as const),
]);

/** AWS's documented example credentials: never findings. */
export const DOCUMENTED_EXAMPLES = new Set([
  'AKIAIOSFODNN7EXAMPLE',
  'AKIAI44QH8DHBEXAMPLE',
  'AKIDEXAMPLE',
  'ASIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
  'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
]);

export function awsInfo(keyId: string, extraCanaries?: ReadonlyMap<string, string>): AwsInfo {
  const account = accountFromKeyId(keyId);
  const owner = account ? (CANARY_ACCOUNTS.get(account) ?? extraCanaries?.get(account)) : undefined;
  const info: AwsInfo = { keyId, keyType: keyTypeOf(keyId), account, canary: owner !== undefined };
  if (owner) info.canaryOwner = owner;
  return info;
}
