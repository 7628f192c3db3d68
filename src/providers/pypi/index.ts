// The PyPI provider: `pypi-` tokens are checked to decode as macaroons (macaroon.ts).
import type { Provider } from '../types.js';
import { isPypiToken, makePypiToken } from './macaroon.js';

export const pypi: Provider = {
  id: 'pypi',
  validators: { 'pypi-macaroon': isPypiToken },
  generators: {
    /** {{pypi-token}}, {{pypi-token:test.pypi.org}}, {{pypi-token:pypi.org:truncated}} (a broken one). */
    'pypi-token': ([location, broken], _draw, next) => {
      const random = (n: number) => Buffer.from(Array.from({ length: n }, next));
      return makePypiToken(location ?? 'pypi.org', random, { truncate: broken === 'truncated' ? 5 : 0 });
    },
  },
};
