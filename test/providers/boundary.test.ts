// Providers are plugins: outside src/providers/ no source file names a provider or one of its
// provider-specific tokens — not in code, not in strings, not in comments (a comment naming a
// provider is where its knowledge starts leaking back). The one exception is the CLI's flag
// definitions (src/cli/main.ts `.option(`/`.usage(` lines): flag names and help text are the
// user's words (--sts-endpoint), while their mapping lives in the provider (providers/<id>/options).
import { describe, expect, test } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROVIDERS } from '../../src/providers/index.js';

const SRC = join(process.cwd(), 'src');

/**
 * Each registered provider's tokens beyond its id: key prefixes, API and product names. A token
 * written in lower case matches in any case; one with capitals matches exactly (so 'Asia/Tokyo'
 * is not the ASIA prefix). A new provider must add its entry (the last test says so).
 */
const TOKENS: Record<string, string[]> = {
  aws: ['amazon', 'AKIA', 'ASIA', 'ABIA', 'ACCA', 'sts', 'getcalleridentity', 'IAM', 'cloudtrail'],
  github: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
  npm: ['npm_', 'npmjs'],
  pypi: ['pypi-', 'macaroon'],
  slack: ['xoxb-', 'xoxp-', 'xapp-'],
  discord: [],
  sentry: ['sntrys_', 'sntryu_'],
  grafana: ['glc_', 'glsa_'],
  mapbox: [],
  gitlab: ['glpat-', 'gldt-', 'glrt-'],
  stripe: ['sk_live_', 'rk_live_'],
  openai: ['T3BlbkFJ'],
  anthropic: ['sk-ant-'],
  ...Object.fromEntries(
    ['bitbucket', 'gitea', 'rubygems', 'nuget', 'dockerhub', 'jfrog', 'circleci', 'buildkite', 'travis', 'sonar', 'codecov', 'datadog', 'newrelic', 'clojars', 'dynatrace', 'sumologic', 'rollbar', 'snyk', 'prefect', 'readme',
      'telegram', 'twilio', 'sendgrid', 'mailgun', 'mailchimp', 'shopify', 'atlassian', 'okta', 'auth0', 'huggingface', 'postman', 'notion', 'linear', 'airtable', 'dropbox', 'asana', 'figma', 'pagerduty', 'algolia',
      'square', 'braintree', 'plaid', 'shippo', 'postmark', 'brevo', 'contentful', 'launchdarkly', 'intercom', 'zendesk', 'hubspot', 'pinecone', 'cohere', 'groq', 'replicate', 'perplexity', 'xai', 'lob', 'twitch', 'segment', 'frameio',
      'flutterwave', 'adafruit', 'typeform', 'duffel', 'easypost'].map((id) => [id, [] as string[]]),
  ),
  // Clouds, private keys, connection strings, JWTs and the generic rule (issue #14).
  age: ['AGE-SECRET-KEY'], azure: ['AccountKey', 'SharedAccessKey', 'entra'], dbconn: ['postgres', 'mongodb', 'jdbc', 'rds'],
  gcp: ['google', 'service_account', 'AIza', 'GOCSPX'], generic: [], jwt: ['eyJ'], kubernetes: ['kubeconfig', 'client-key-data'],
  'private-key': ['BEGIN RSA', 'OPENSSH', 'PuTTY', 'PGP'], wireguard: [],
  alibaba: ['aliyun', 'LTAI'], tencent: ['AKID'], huawei: [], baidu: ['ALTAK'], ibm: ['ibmcloud'], oracle: ['ocid1'],
  digitalocean: ['dop_v1_'], linode: [], vultr: [], hetzner: ['hcloud'], ovh: [], scaleway: [], heroku: [], cloudflare: [],
  flyio: ['FlyV1'], vercel: [], netlify: [], render: ['rnd_'], railway: [], supabase: ['sbp_'], planetscale: ['pscale'],
  neon: ['napi_'], mongodb: ['atlas'], databricks: ['dapi'], snowflake: [], confluent: [], terraform: ['atlasv1'],
  vault: ['hvs.'], pulumi: ['pul-'], doppler: [], firebase: [], exoscale: [], akamai: ['akab-'], fastly: [],
  backblaze: [], civo: [], yandex: [], tailscale: ['tskey-'], ngrok: [], upstash: [], deno: ['ddp_'], onepassword: ['1password'],
  equinix: [], openstack: [], scalingo: [], cloudinary: [],
};

/**
 * Provider ids that are also ordinary words of generic code, each with where the word is
 * allowed and why. Anywhere else the id is an offence like any other (the second test checks
 * that `github` still is).
 */
function ciPlatformFile(rel: string): boolean {
  return rel.startsWith('src/report/') || rel.startsWith('src/integrations/') || rel === 'src/sources/git/shallow-hint.ts';
}

const COMMON_WORDS: Record<string, { reason: string; allowed: (rel: string, line: string) => boolean }> = {
  // The CI platforms keyhound runs in and reports to (--format github/gitlab, the action's entry
  // point, how to deepen a shallow clone there), not their tokens: a token prefix is still caught.
  github: { reason: 'CI platform', allowed: ciPlatformFile },
  gitlab: { reason: 'CI platform', allowed: ciPlatformFile },
  // The build command named in comments of the build steps.
  npm: { reason: 'npm run build', allowed: (_rel, line) => /\bnpm run\b/.test(line) },
  linear: { reason: 'linear-time patterns', allowed: () => true },
  readme: { reason: 'a README file, readme-style docs', allowed: () => true },
  segment: { reason: 'a path or URI segment', allowed: () => true },
  lob: { reason: 'git object type letters (b(lob))', allowed: () => true },
  notion: { reason: 'the English word', allowed: () => true },
  square: { reason: 'square brackets', allowed: () => true },
  replicate: { reason: 'the English word', allowed: () => true },
  generic: { reason: 'generic code is named for being generic (this very boundary)', allowed: () => true },
  render: { reason: 'reporters render text', allowed: () => true },
  age: { reason: 'the start of agent (user agents), and age as in how old', allowed: () => true },
};

interface Token {
  word: string;
  re: RegExp;
  allowed?: (rel: string, line: string) => boolean;
}

function tokens(): Token[] {
  return PROVIDERS.flatMap((p) => [p.id, ...(TOKENS[p.id] ?? [])]).map((word) => {
    const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return { word, re: new RegExp(escaped, word === word.toLowerCase() ? 'gi' : 'g'), allowed: COMMON_WORDS[word]?.allowed };
  });
}

/**
 * Where a token starts a word: after a non-letter, or at a camelCase hump (`hasAws`,
 * `StsOutcome`, `stsEndpoint` count; `rawSeen`, `inflateRawSync`, `tests`, `LISTS` do not).
 */
function startsWord(line: string, at: number): boolean {
  const before = line[at - 1] ?? '';
  if (!/[A-Za-z]/.test(before)) return true;
  return /[a-z]/.test(before) && /[A-Z]/.test(line[at]);
}

/** `file:line: token` for every provider token in `text`. */
export function offences(rel: string, text: string, skipLine: (line: string) => boolean = () => false): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (skipLine(line)) return;
    for (const t of tokens()) {
      if (t.allowed?.(rel, line)) continue;
      for (const m of line.matchAll(t.re)) if (startsWord(line, m.index!)) out.push(`${rel}:${i + 1}: ${t.word}`);
    }
  });
  return out;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The CLI's flag and usage definitions: the only lines outside providers/ that may name one. */
const FLAG_DEFINITION = /^\s*\.(option|usage)\(/;

describe('provider boundary', () => {
  test('no file in src/ outside src/providers/ names a provider (file:line listed)', () => {
    const found: string[] = [];
    for (const f of tsFiles(SRC)) {
      const rel = relative(SRC, f).split('\\').join('/');
      if (rel.startsWith('providers/')) continue;
      found.push(...offences(`src/${rel}`, readFileSync(f, 'utf8'), rel === 'cli/main.ts' ? (l) => FLAG_DEFINITION.test(l) : undefined));
    }
    expect(found).toEqual([]);
  });

  test('the grep finds tokens in code, strings and comments, at word starts only', () => {
    const sample = [
      "import { x } from '../providers/aws/keys.js';",
      '// an AWS key id',
      "const re = /^(?:AKIA)[A-Z2-7]{16}$/;",
      'if (f.hasAws) sendTo(StsClient);',
      "const ok = rawSeen && inflateRawSync && 'Asia/Tokyo' && tests && LISTS;",
      "    .option('sts-endpoint', { describe: 'STS endpoint' })",
    ].join('\n');
    expect(offences('x.ts', sample, (l) => FLAG_DEFINITION.test(l))).toEqual([
      'x.ts:1: aws',
      'x.ts:2: aws',
      'x.ts:3: AKIA',
      'x.ts:4: aws',
      'x.ts:4: sts',
    ]);
  });

  test('a common-word exception is narrow: a provider name in generic code still fails', () => {
    const sample = ['// linear-time patterns', '// see the README segment', '// GitHub token ghp_ check', 'const tool = npm; // not the build command', '// npm run build'].join('\n');
    expect(offences('src/engine/x.ts', sample)).toEqual(['src/engine/x.ts:3: github', 'src/engine/x.ts:3: ghp_', 'src/engine/x.ts:4: npm']);
    expect(offences('src/report/github.ts', '// GitHub Actions annotations')).toEqual([]);
    expect(offences('src/report/github.ts', 'const p = "ghp_";')).toEqual(['src/report/github.ts:1: ghp_']);
  });

  test('every registered provider lists its tokens here', () => {
    expect(PROVIDERS.filter((p) => !TOKENS[p.id]).map((p) => p.id)).toEqual([]);
  });

  test('a common-word id is skipped, its provider tokens and every other id are not', () => {
    const sample = ["// render the report", "const t = 'rnd_';", '// a gcp key', '// an aws key'].join('\n');
    expect(offences('x.ts', sample)).toEqual(['x.ts:2: rnd_', 'x.ts:3: gcp', 'x.ts:4: aws']);
  });
});
