// Azure: rule data in rules/azure.yaml. Account keys are base64 of 64 random bytes, shared
// access keys of 32: a value that does not decode to that length is not one. The storage
// emulator's documented account key (Azurite, devstoreaccount1) is public and never a finding:
// it is recognised by its SHA-256, so the key itself is not written here.
import { createHash } from 'node:crypto';
import type { Provider, Validator } from '../types.js';

const EMULATOR_KEY_SHA256 = '0011cc25eb4320717494d2703e8cba85743e71b500283c21c8b88147992f9059';

const decodesTo = (n: number): Validator => (s) => {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(s) || s.length % 4 !== 0) return false;
  // Canonical: the bits past the last byte are zero, as every encoder writes them.
  const bytes = Buffer.from(s, 'base64');
  return bytes.length === n && bytes.toString('base64') === s && !/(.)\1{7}/.test(s);
};

const accountKey: Validator = (s) => decodesTo(64)(s) && createHash('sha256').update(s).digest('hex') !== EMULATOR_KEY_SHA256;

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export const azure: Provider = {
  id: 'azure',
  validators: { 'azure-account-key': accountKey, 'azure-shared-access-key': decodesTo(32) },
  generators: {
    // {{azure-key:64}}: base64 of N bytes (the last char carries only the bits N leaves).
    'azure-key': ([n], draw) => {
      const bytes = Buffer.from(draw(B64, Number(n ?? 64)), 'latin1').map((b, i) => (b * 31 + i * 17) & 0xff);
      return Buffer.from(bytes).toString('base64');
    },
  },
};
