// The contract between generic code and a provider plugin (src/providers/<id>/). Generic code
// never names a provider: it asks the registry (providers/index.ts) for one by id and calls
// these hooks. Every hook is optional; a provider with only rule data needs none of them.
import type { Finding, Hit, HitPart } from '../types.js';

/** A named check a rule can require of its secret (YAML `validators: [name]`). */
export type Validator = (secret: string) => boolean;

/** Draws `n` chars of `alphabet` from the example's seeded stream (rules/examples.ts). */
export type Draw = (alphabet: string, n: number) => string;

/**
 * An example generator (`{{name:arg:arg}}` in a rule's examples): builds a secret of the
 * provider's shape at check time, so no key-shaped string is ever committed.
 */
export type Generator = (args: string[], draw: Draw, next: () => number) => string;

/** What enrich() may read besides the hit: the text, where the key sits in it, run options. */
export interface EnrichContext {
  text: string;
  /** Offset in `text` of the hit's secret (of the key part, for a pair). */
  at: number;
  /** The key: the hit's own secret, or a pair's key-id part (a pair's secret is `id:secret`). */
  keySecret: string;
  /** Account → owner: canaries beyond the provider's built-in list (user skip lists). */
  extraCanaries?: ReadonlyMap<string, string>;
}

/** What a remediation says: one line a human can act on, commands when scriptable, a link. */
export interface Remediation {
  text: string;
  commands: string[];
  link: string;
}

/** Run-wide options a provider takes from the command line (its own flags, by name). */
export interface ProviderOptions {
  /** Handed to the provider's verifier as its own options. */
  verify?: Record<string, unknown>;
  /** Account → owner never to send and to mark as canaries in findings. */
  canaries?: Map<string, string>;
}

/** One GET answered with success: the parsed JSON body and the response headers. */
export interface ApiPage {
  url: string;
  headers: Headers;
  body: unknown;
}

/**
 * The HTTP plumbing generic code hands a repository lister (src/audit/enumerate/http.ts): it
 * sends the lister's headers, waits out rate limits, retries 5xx and network errors, follows
 * only same-origin URLs, bounds sizes and time, and throws `ApiError` on any other answer.
 */
export interface ApiClient {
  get(url: string): Promise<ApiPage>;
}

/** Milliseconds to wait before retrying a refused request, or undefined: not a rate limit. */
export type RateLimitWait = (status: number, headers: Headers, body: string, now: number) => number | undefined;

/** What a repository lister gets: whose repositories, where the API is, and how to call it. */
export interface ListReposContext {
  owner: string;
  /** The API base URL, without a trailing slash (--api-url, else the lister's default). */
  apiUrl: string;
  /** The token from the environment; undefined: list what is public. */
  token?: string;
  /** A client that sends `headers` on every request and applies `rateLimit`. */
  client(headers: Record<string, string>, rateLimit: RateLimitWait): ApiClient;
  warn(message: string): void;
}

/** Lists an organisation's repositories through the host's REST API (`keyhound repos`). */
export interface RepoLister {
  /** Environment variables holding the API token, first set wins (never a flag: `ps` shows flags). */
  tokenEnv: readonly string[];
  /** The public API's base URL; --api-url overrides it (enterprise / self-hosted). */
  defaultApiUrl: string;
  /** Clone URLs (no credentials in them), in the API's order. */
  list(ctx: ListReposContext): Promise<string[]>;
}

/** A provider's live check: sets `verification` on the findings it can check. Never rejects. */
export type VerifyAll = (findings: Finding[], opts: Record<string, unknown>) => Promise<void>;

export interface Provider {
  id: string;
  validators?: Readonly<Record<string, Validator>>;
  generators?: Readonly<Record<string, Generator>>;
  /** Facts about a hit of one of this provider's rules (set on hit.facts[id]) and verify hints. */
  enrich?(hit: Hit, ctx: EnrichContext): void;
  /**
   * The provider's redacted form of a secret of its shape, or undefined when the secret is not
   * of a shape it knows (generic redaction then applies). `role` is the part's role, if known.
   */
  redact?(secret: string, role?: HitPart['role'] | 'auto'): string | undefined;
  /** Facts shown in text/SARIF messages ("account …", "key …", "CANARY …"). */
  describe?(facts: unknown): string[];
  /** SARIF result properties taken from the facts. */
  sarifProperties?(facts: unknown): Record<string, unknown>;
  /** Whether a pair's key needs its session token part (pairing only attaches one then). */
  takesToken?(keySecret: string): boolean;
  /** Loaded only with --verify (a dynamic import: scans without it never load the code). */
  verifier?(): Promise<VerifyAll>;
  /** Maps the run's flags (yargs' camelCase names) to this provider's options. Throws on bad values. */
  options?(argv: Readonly<Record<string, unknown>>): Promise<ProviderOptions>;
  /** One line printed to stderr before --verify sends anything (what goes where). */
  verifyNotice?(argv: Readonly<Record<string, unknown>>, userAgent: string): string;
  /** What to do about a finding (a live key); null when nothing is known to do. */
  remediation?(f: Finding): Remediation | null;
  /** gitleaks rule id → this provider's rule ids that find the same (a `.gitleaksignore` entry names gitleaks' id). */
  gitleaksRules?: Readonly<Record<string, readonly string[]>>;
  /** Lists an owner's repositories on this provider's hosting service (`keyhound repos`). */
  enumerate?: RepoLister;
}
