// The Mapbox provider. Facts: Mapbox access tokens are "sk." (secret) or "pk." (public, meant
// for browsers: not a secret) + base64url of {"u": user, "a": token id} + '.' + 22 chars.
import type { Provider } from '../types.js';
import { b64json, b64of, hasFields } from '../b64json.js';

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

export const mapbox: Provider = {
  id: 'mapbox',
  validators: {
    'mapbox-token': (s) => {
      const [, payload] = s.split('.');
      return payload !== undefined && hasFields(b64json(payload), ['u', 'a']);
    },
  },
  generators: {
    /** {{mapbox-token:sk}} / {{mapbox-token:pk}}; {{mapbox-token:sk:bad}}: a payload without the fields. */
    'mapbox-token': ([kind, bad], draw) => {
      const doc = bad === 'bad' ? { u: draw('abcdefghij', 8) } : { u: draw('abcdefghij', 8), a: draw('abcdefghijklmnopqrstuvwxyz0123456789', 25) };
      return `${kind ?? 'sk'}.${b64of(doc, true)}.${draw(B64URL, 22)}`;
    },
  },
};
