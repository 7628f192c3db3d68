// Kubernetes kubeconfig client keys (rules/kubernetes.yaml): client-key-data is base64 of a
// PEM private key, which must load with node:crypto.
import type { Provider } from '../types.js';
import { VALIDATORS as KEYS } from '../private-key/validators.js';
import { pemKey } from '../private-key/generators.js';

export const kubernetes: Provider = {
  id: 'kubernetes',
  validators: {
    'kubernetes-client-key-data': (s) => /^[A-Za-z0-9+/]+={0,2}$/.test(s) && KEYS['private-key-pem']!(Buffer.from(s, 'base64').toString('latin1')),
  },
  generators: {
    'kubernetes-client-key-data': ([kind]) => Buffer.from(pemKey(kind ?? 'ec')).toString('base64'),
    'kubernetes-client-key-data-cut': ([kind]) => Buffer.from(pemKey(kind ?? 'ec').slice(0, 120)).toString('base64'),
  },
};
