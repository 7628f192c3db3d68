// The static registry of providers: one line per provider. Generic code finds a provider's
// validators, generators, enrichment, redaction, verifier and remediation only through here.
import type { Provider } from './types.js';
import { aws } from './aws/index.js';
import { age } from './age/index.js';
import { azure } from './azure/index.js';
import { dbconn } from './dbconn/index.js';
import { gcp } from './gcp/index.js';
import { generic } from './generic/index.js';
import { jwtProvider } from './jwt/index.js';
import { kubernetes } from './kubernetes/index.js';
import { privateKey } from './private-key/index.js';
import { wireguard } from './wireguard/index.js';

export type { Provider } from './types.js';

/** Providers with rule data only (rules/<id>.yaml), no code. */
const DATA_ONLY = [
  'alibaba', 'tencent', 'huawei', 'baidu', 'ibm', 'oracle', 'digitalocean', 'linode', 'vultr', 'hetzner',
  'ovh', 'scaleway', 'heroku', 'cloudflare', 'flyio', 'vercel', 'netlify', 'render', 'railway', 'supabase',
  'planetscale', 'neon', 'mongodb', 'databricks', 'snowflake', 'confluent', 'terraform', 'vault', 'pulumi', 'doppler',
  'firebase', 'exoscale', 'akamai', 'fastly', 'backblaze', 'civo', 'yandex', 'tailscale', 'ngrok', 'upstash',
  'deno', 'onepassword', 'equinix', 'openstack', 'scalingo', 'cloudinary',
];

export const PROVIDERS: readonly Provider[] = [
  aws, age, azure, dbconn, gcp, generic, jwtProvider, kubernetes, privateKey, wireguard,
  ...DATA_ONLY.map((id): Provider => ({ id })),
];

const BY_ID = new Map(PROVIDERS.map((p) => [p.id, p]));

/** The provider with this id (a rule file's `provider:`), or undefined. */
export function providerById(id: string | undefined): Provider | undefined {
  return id === undefined ? undefined : BY_ID.get(id);
}
