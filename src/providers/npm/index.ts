// The npm provider. Facts: npm's new access token format (GitHub changelog, 2021-09-23):
// npm_ + 30 random base62 chars + the 6-char base62 CRC32 of them, the scheme GitHub uses.
import type { Provider } from '../types.js';
import { BASE62_ALPHABET, hasBase62Crc, withBase62Crc } from '../crc32-base62.js';

export const npm: Provider = {
  id: 'npm',
  validators: { 'npm-checksum': (s) => hasBase62Crc(s, 'npm_') },
  generators: {
    /** {{npm-token}} with a right checksum; {{npm-token:bad}} with a wrong one. */
    'npm-token': ([bad], draw) => {
      const t = withBase62Crc('npm_', draw(BASE62_ALPHABET, 30));
      return bad === 'bad' ? t.slice(0, -1) + (t.endsWith('0') ? '1' : '0') : t;
    },
  },
};
