// Named checks of the private-key rules (rules/private-key.yaml): a block is a finding only
// when it is a whole key — node:crypto parses it (PEM), or its container reads through
// (OpenSSH, PuTTY, OpenPGP) — so cut, elided and placeholder blocks are not.
import { createPrivateKey } from 'node:crypto';
import type { Validator } from '../types.js';
import { derComplete, parsePem, unescapeNewlines } from './pem.js';
import { parseOpenSsh } from './openssh.js';
import { parsePpk } from './ppk.js';
import { isPgpPrivateKey } from './pgp.js';

/** An unencrypted PEM private key (PKCS#1, PKCS#8, SEC1, DSA) that node:crypto loads. */
const pem: Validator = (s) => {
  const block = parsePem(s);
  if (!block || block.headers['Proc-Type'] || block.label.includes('ENCRYPTED') || !derComplete(block.body)) return false;
  try {
    createPrivateKey({ key: block.body, format: 'der', type: derType(block.label) } as Parameters<typeof createPrivateKey>[0]);
    return true;
  } catch {
    return false;
  }
};

function derType(label: string): 'pkcs1' | 'pkcs8' | 'sec1' | undefined {
  if (label === 'RSA PRIVATE KEY') return 'pkcs1';
  if (label === 'EC PRIVATE KEY') return 'sec1';
  if (label === 'PRIVATE KEY') return 'pkcs8';
  return undefined;
}

/** DSA keys: node loads OpenSSL's traditional DSA PEM only as text. */
const dsa: Validator = (s) => {
  const block = parsePem(s);
  if (!block || block.headers['Proc-Type'] || !derComplete(block.body)) return false;
  try {
    createPrivateKey(unescapeNewlines(s));
    return true;
  } catch {
    return false;
  }
};

/**
 * An encrypted PEM key: a whole PKCS#8 EncryptedPrivateKeyInfo, or a legacy block with
 * Proc-Type: 4,ENCRYPTED whose ciphertext is whole cipher blocks. Not decryptable without the
 * passphrase, but a structure a cut or made-up block does not have.
 */
const pemEncrypted: Validator = (s) => {
  const block = parsePem(s);
  if (!block) return false;
  if (block.label === 'ENCRYPTED PRIVATE KEY') return derComplete(block.body) && block.body.length >= 64;
  const legacy = block.headers['Proc-Type'] === '4,ENCRYPTED' && /^[A-Z0-9-]{3,20},[0-9A-F]{16,32}$/.test(block.headers['DEK-Info'] ?? '');
  return legacy && block.body.length >= 64 && block.body.length % 8 === 0;
};

const openssh = (encrypted: boolean): Validator => (s) => {
  const block = parsePem(s);
  if (!block || block.label !== 'OPENSSH PRIVATE KEY') return false;
  const info = parseOpenSsh(block.body);
  return info !== undefined && (info.cipher !== 'none') === encrypted;
};

const ppk = (encrypted: boolean): Validator => (s) => {
  const info = parsePpk(unescapeNewlines(s));
  return info !== undefined && (info.encryption !== 'none') === encrypted;
};

export const VALIDATORS: Readonly<Record<string, Validator>> = {
  'private-key-pem': pem,
  'private-key-dsa': dsa,
  'private-key-pem-encrypted': pemEncrypted,
  'private-key-openssh': openssh(false),
  'private-key-openssh-encrypted': openssh(true),
  'private-key-ppk': ppk(false),
  'private-key-ppk-encrypted': ppk(true),
  'private-key-pgp': (s) => isPgpPrivateKey(unescapeNewlines(s)),
};
