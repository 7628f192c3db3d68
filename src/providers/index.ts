// The static registry of providers: one line per provider. Generic code finds a provider's
// validators, generators, enrichment, redaction, verifier and remediation only through here.
import type { Provider } from './types.js';
import { aws } from './aws/index.js';
import { age } from './age/index.js';
import { azure } from './azure/index.js';
import { dbconn } from './dbconn/index.js';
import { discord } from './discord/index.js';
import { gcp } from './gcp/index.js';
import { generic } from './generic/index.js';
import { github } from './github/index.js';
import { gitlab } from './gitlab/index.js';
import { grafana } from './grafana/index.js';
import { jwtProvider } from './jwt/index.js';
import { kubernetes } from './kubernetes/index.js';
import { mapbox } from './mapbox/index.js';
import { npm } from './npm/index.js';
import { privateKey } from './private-key/index.js';
import { pypi } from './pypi/index.js';
import { sentry } from './sentry/index.js';
import { slack } from './slack/index.js';
import { wireguard } from './wireguard/index.js';

export type { Provider } from './types.js';

/** Providers that are rule data only (rules/<id>.yaml), with no code of their own. */
const DATA_ONLY: readonly string[] = [
  // clouds and infrastructure
  'alibaba', 'tencent', 'huawei', 'baidu', 'ibm', 'oracle', 'digitalocean', 'linode', 'vultr', 'hetzner',
  'ovh', 'scaleway', 'heroku', 'cloudflare', 'flyio', 'vercel', 'netlify', 'render', 'railway', 'supabase',
  'planetscale', 'neon', 'mongodb', 'databricks', 'snowflake', 'confluent', 'terraform', 'vault', 'pulumi', 'doppler',
  'firebase', 'exoscale', 'akamai', 'fastly', 'backblaze', 'civo', 'yandex', 'tailscale', 'ngrok', 'upstash',
  'deno', 'onepassword', 'equinix', 'openstack', 'scalingo', 'cloudinary',
  // git hosts, registries, CI, observability
  'bitbucket', 'gitea', 'rubygems', 'nuget', 'dockerhub', 'jfrog', 'circleci', 'buildkite', 'travis',
  'sonar', 'codecov', 'datadog', 'newrelic', 'clojars', 'dynatrace', 'sumologic', 'rollbar', 'snyk', 'prefect', 'readme',
  // messaging and SaaS
  'telegram', 'twilio', 'sendgrid', 'mailgun', 'mailchimp', 'stripe', 'shopify', 'atlassian', 'okta', 'auth0', 'openai',
  'anthropic', 'huggingface', 'postman', 'notion', 'linear', 'airtable', 'dropbox', 'asana', 'figma', 'pagerduty', 'algolia',
  'square', 'braintree', 'plaid', 'shippo', 'postmark', 'brevo', 'contentful', 'launchdarkly', 'intercom', 'zendesk',
  'hubspot', 'pinecone', 'cohere', 'groq', 'replicate', 'perplexity', 'xai', 'lob', 'twitch', 'segment', 'frameio',
  'flutterwave', 'adafruit', 'typeform', 'duffel', 'easypost',
];

export const PROVIDERS: readonly Provider[] = [
  aws, age, azure, dbconn, gcp, generic, jwtProvider, kubernetes, privateKey, wireguard,
  github, gitlab, npm, pypi, slack, discord, sentry, grafana, mapbox,
  ...DATA_ONLY.map((id): Provider => ({ id })),
];

const BY_ID = new Map(PROVIDERS.map((p) => [p.id, p]));

/** The provider with this id (a rule file's `provider:`), or undefined. */
export function providerById(id: string | undefined): Provider | undefined {
  return id === undefined ? undefined : BY_ID.get(id);
}
