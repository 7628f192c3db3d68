// The Grafana provider. Facts: Grafana Cloud access policy tokens are glc_ + base64 of a JSON
// document naming the org ("o"), the token ("n") and its key ("k"); legacy Grafana API keys
// are the bare base64 of {"k": …, "n": …, "id": …}. Service account tokens (glsa_) are checked
// by shape only. A value that does not decode to the JSON is not a token.
import type { Provider } from '../types.js';
import { b64json, b64of, hasFields } from '../b64json.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export const grafana: Provider = {
  id: 'grafana',
  validators: {
    'grafana-cloud-token': (s) => s.startsWith('glc_') && hasFields(b64json(s.slice(4)), ['o', 'n', 'k']),
    'grafana-api-key': (s) => hasFields(b64json(s), ['k', 'n', 'id']),
  },
  generators: {
    'grafana-cloud-token': ([bad], draw) =>
      'glc_' + b64of(bad === 'bad' ? { o: '1' } : { o: draw('0123456789', 6), n: `stack-${draw('0123456789', 6)}-hm-read`, k: draw(ALNUM, 24), m: { r: 'prod-us-east-0' } }),
    'grafana-api-key': ([bad], draw) => b64of(bad === 'bad' ? { k: draw(ALNUM, 32) } : { k: draw(ALNUM, 32), n: `deploy-${draw('abcdefgh', 5)}`, id: Number(draw('123456789', 1)) }),
  },
};
