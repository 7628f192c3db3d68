// WireGuard private keys (rules/wireguard.yaml): base64 of 32 bytes, as `wg genkey` writes them.
import type { Provider } from '../types.js';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export const wireguard: Provider = {
  id: 'wireguard',
  validators: {
    'wireguard-key': (s) => /^[A-Za-z0-9+/]{43}=$/.test(s) && Buffer.from(s, 'base64').length === 32 && !/(.)\1{5}/.test(s),
  },
  generators: {
    // The 43rd char carries 4 bits: one of AEIMQUYcgkosw048.
    'wireguard-key': (_args, draw) => draw(B64, 42) + draw('AEIMQUYcgkosw048', 1) + '=',
  },
};
