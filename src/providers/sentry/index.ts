// The Sentry provider. Facts: Sentry's auth token docs: user tokens are sntryu_ + 64 hex;
// organization tokens are sntrys_ + base64 of a JSON document (iat, url, region_url, org) +
// '_' + a 43-char secret. An org token whose middle does not decode to that JSON is not one.
import type { Provider } from '../types.js';
import { b64json, b64of, hasFields } from '../b64json.js';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export const sentry: Provider = {
  id: 'sentry',
  validators: {
    'sentry-org-token': (s) => {
      const m = /^sntrys_([A-Za-z0-9+/]+={0,2})_[A-Za-z0-9+/]{43}$/.exec(s);
      return m !== null && hasFields(b64json(m[1]!), ['iat', 'url', 'org']);
    },
  },
  generators: {
    /** {{sentry-org-token}}; {{sentry-org-token:bad}}: a middle that is not the JSON. */
    'sentry-org-token': ([bad], draw) => {
      const org = draw('abcdefghijklmnopqrstuvwxyz', 8);
      const doc = bad === 'bad' ? { iat: 1 } : { iat: 1700000000 + Number.parseInt(draw('0123456789', 7), 10), url: 'https://sentry.io', region_url: 'https://us.sentry.io', org };
      return `sntrys_${b64of(doc)}_${draw(B64, 43)}`;
    },
  },
};
