// The AWS verifier: opt-in live check of AWS findings (only with --verify; loaded with a
// dynamic import by the provider's verifier hook, run by src/verify).
// Decides what is sent (never canaries, skip-listed accounts or documented examples), caches
// every (key id, secret, token) so each pair is tried at most once per run, serialises requests
// per key id, retries per the quirks in DESIGN.md, and bounds concurrency with p-limit.
import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import { CANARY_ACCOUNTS, DOCUMENTED_EXAMPLES, accountFromKeyId } from '../keys.js';
import { awsFacts, hintedPartition, type Partition } from '../enrich.js';
import type { Finding, Verification } from '../../../types.js';
import { getCallerIdentity, type StsCredentials, type StsOutcome } from './sts.js';

export type { Partition } from '../enrich.js';

export interface VerifyOptions {
  /** --sts-endpoint; undefined = SDK resolution (honours AWS_ENDPOINT_URL_STS). Used for every partition tried. */
  endpoint?: string;
  /** Commercial-partition region. Default 'us-east-1'. */
  region: string;
  /** Per request. Default 5000. */
  timeoutMs: number;
  /** Requests in flight at once. Default 4. */
  concurrency: number;
  /** account -> reason (e.g. 'user skip list'); built-in canaries come from ../keys.ts. */
  skipAccounts: Map<string, string>;
  /** --verify-partitions: also try aws-us-gov and aws-cn when commercial says key-unknown. */
  partitions: boolean;
  /** 'keyhound/<version>' (appended to the SDK's own user agent). */
  userAgent: string;
  /** Pause before retrying a 403 seen right after another secret was tried for the same key id. Default 1000. */
  retry403DelayMs?: number;
  /** "Right after" for the rule above. Default 5000 (AWS's observed window). */
  sameKeyWindowMs?: number;
  /** Retries after throttling / 5xx. Default 2. */
  retries?: number;
  /** First backoff after throttling / 5xx, doubled each retry, plus jitter. Default 500. */
  backoffMs?: number;
  /** Per-partition endpoints, overriding `endpoint` (tests, private endpoints). */
  partitionEndpoints?: Partial<Record<Partition, string>>;
  /** Interrupted run (SIGINT/SIGTERM): nothing more is sent; what is left is `unknown: interrupted`. */
  signal?: AbortSignal;
}

export const VERIFY_DEFAULTS = {
  region: 'us-east-1',
  timeoutMs: 5000,
  concurrency: 4,
  partitions: false,
  retry403DelayMs: 1000,
  sameKeyWindowMs: 5000,
  retries: 2,
  backoffMs: 500,
} as const;

const PARTITION_REGION: Record<Exclude<Partition, 'aws'>, string> = {
  'aws-us-gov': 'us-gov-west-1',
  'aws-cn': 'cn-north-1',
};

export const PAIR_RULE = 'aws-access-key-pair';
export const KEY_ID_RULE = 'aws-access-key-id';

interface Candidate extends StsCredentials {
  hash: string;
}

/** sha256(keyId \0 secret \0 token): the cache key; a secret never sits in a map key as is. */
export function pairHash(keyId: string, secret: string, token = ''): string {
  return createHash('sha256').update(`${keyId}\0${secret}\0${token}`).digest('hex');
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : [];
}

/** The secrets (and session token) a finding offers for its key id, examples removed. */
export function candidatesOf(f: Finding): { candidates: Candidate[]; examplesDropped: number } {
  const aws = awsFacts(f)!;
  const keyId = aws.keyId;
  const ctx = (f.context ?? {}) as Record<string, unknown>;
  const secrets: string[] = [];
  for (const p of f.parts ?? []) if (p.role === 'secret') secrets.push(p.secret);
  // Other secrets seen near the key id (a lone key id, or a pair with more than one secret nearby).
  secrets.push(...stringList(ctx.candidates));
  // A session token only means something for temporary (ASIA) ids; an AKIA id sent with a
  // token is rejected as InvalidClientTokenId, so don't attach one there.
  let token: string | undefined;
  if (aws.keyType !== 'long-term') {
    token = f.parts?.find((p) => p.role === 'session-token')?.secret ?? (typeof ctx.sessionToken === 'string' ? ctx.sessionToken : undefined);
  }
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  let examplesDropped = 0;
  for (const secret of secrets) {
    if (DOCUMENTED_EXAMPLES.has(secret)) {
      examplesDropped++;
      continue;
    }
    const hash = pairHash(keyId, secret, token);
    if (seen.has(hash)) continue;
    seen.add(hash);
    candidates.push({ accessKeyId: keyId, secretAccessKey: secret, ...(token ? { sessionToken: token } : {}), hash });
  }
  return { candidates, examplesDropped };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

class Verifier {
  private readonly o: Required<Omit<VerifyOptions, 'endpoint' | 'partitionEndpoints' | 'signal'>> & Pick<VerifyOptions, 'endpoint' | 'partitionEndpoints' | 'signal'>;
  private readonly limit: ReturnType<typeof pLimit>;
  /** pair hash -> outcome across partitions: each candidate pair is tried at most once per run. */
  private readonly cache = new Map<string, Promise<StsOutcome>>();
  /** key id -> tail of its chain: requests for one key id never overlap. */
  private readonly chains = new Map<string, Promise<unknown>>();
  /** key id -> the last pair sent for it and when. */
  private readonly lastSent = new Map<string, { hash: string; at: number }>();

  constructor(opts: VerifyOptions) {
    this.o = {
      ...VERIFY_DEFAULTS,
      ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)),
    } as Verifier['o'];
    this.limit = pLimit(Math.max(1, Math.floor(this.o.concurrency) || VERIFY_DEFAULTS.concurrency));
  }

  async verify(f: Finding): Promise<Verification | undefined> {
    const aws = awsFacts(f);
    if (!aws) return undefined;
    const account = aws.account ?? accountFromKeyId(aws.keyId);
    if (DOCUMENTED_EXAMPLES.has(aws.keyId)) return { status: 'skipped', reason: 'example-key' };
    // Built-in honeytoken accounts first, then the user's list (the CLI may also have handed
    // that list to the engine as extra canaries), then anything else the engine marked.
    if (account !== null && CANARY_ACCOUNTS.has(account)) return { status: 'skipped', reason: 'canary', account };
    if (account !== null && this.o.skipAccounts.has(account)) return { status: 'skipped', reason: 'skip-list', account };
    if (aws.canary) return { status: 'skipped', reason: 'canary', ...(account ? { account } : {}) };
    const { candidates, examplesDropped } = candidatesOf(f);
    if (candidates.length === 0) {
      return { status: 'skipped', reason: examplesDropped > 0 ? 'example-key' : 'no-secret' };
    }
    const hint = hintedPartition(f);
    const outcome = await this.serial(aws.keyId, () => this.tryCandidates(candidates, hint));
    const v: Verification = { status: outcome.status };
    if (outcome.reason) v.reason = outcome.reason;
    if (outcome.arn) v.arn = outcome.arn;
    if (outcome.account) v.account = outcome.account;
    if (outcome.userId) v.userId = outcome.userId;
    if (v.status === 'invalid' && v.reason === 'key-unknown' && aws.keyType === 'temporary' && !candidates[0].sessionToken) {
      v.reason = 'no-session-token';
    }
    return v;
  }

  private serial<T>(keyId: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.chains.get(keyId) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    this.chains.set(
      keyId,
      next.catch(() => undefined),
    );
    return next;
  }

  /** Try the secrets of one key id in turn until one is live. Runs inside the key id's chain. */
  private async tryCandidates(candidates: Candidate[], hint: Partition | undefined): Promise<StsOutcome> {
    const outcomes: StsOutcome[] = [];
    for (const c of candidates) {
      let p = this.cache.get(c.hash);
      if (!p) {
        p = this.tryPartitions(c, hint);
        this.cache.set(c.hash, p);
      }
      const r = await p;
      outcomes.push(r);
      if (r.status === 'live') return r;
      // InvalidClientTokenId is decided before the signature: another secret cannot change it.
      if (r.reason === 'key-unknown') break;
    }
    return combine(outcomes);
  }

  private partitionOrder(hint: Partition | undefined): Partition[] {
    if (!this.o.partitions) return ['aws'];
    const all: Partition[] = ['aws', 'aws-us-gov', 'aws-cn'];
    return hint && hint !== 'aws' ? [hint, ...all.filter((p) => p !== hint)] : all;
  }

  private async tryPartitions(c: Candidate, hint: Partition | undefined): Promise<StsOutcome> {
    let last: StsOutcome | undefined;
    for (const partition of this.partitionOrder(hint)) {
      last = await this.send(c, partition);
      // Only "this partition does not know the key" sends us on to the next partition.
      if (last.reason !== 'key-unknown') return last;
    }
    return last!;
  }

  /** One pair in one partition: retries throttling/5xx with backoff and a contended 403 once. */
  private async send(c: Candidate, partition: Partition): Promise<StsOutcome> {
    const target = {
      endpoint: this.o.partitionEndpoints?.[partition] ?? this.o.endpoint,
      region: partition === 'aws' ? this.o.region : PARTITION_REGION[partition],
      timeoutMs: this.o.timeoutMs,
      userAgent: this.o.userAgent,
      signal: this.o.signal,
    };
    let retried403 = false;
    for (let attempt = 0; ; attempt++) {
      let contended = false;
      const r = await this.limit(async () => {
        if (this.o.signal?.aborted) return INTERRUPTED;
        const now = Date.now();
        const prev = this.lastSent.get(c.accessKeyId);
        contended = prev !== undefined && prev.hash !== c.hash && now - prev.at < this.o.sameKeyWindowMs;
        this.lastSent.set(c.accessKeyId, { hash: c.hash, at: now });
        return getCallerIdentity(c, target);
      });
      if (r.reason === 'interrupted') return r;
      if (r.retry && attempt < this.o.retries) {
        const wait = this.o.backoffMs * 2 ** attempt;
        await sleep(wait + Math.random() * wait * 0.25);
        continue;
      }
      // AWS can reject a call for a key id that was just tried with another secret: pause, ask again once.
      if (contended && !retried403 && r.status === 'invalid' && r.httpStatus === 403 && r.reason !== 'expired-token') {
        retried403 = true;
        await sleep(this.o.retry403DelayMs);
        continue;
      }
      return r;
    }
  }
}

const INTERRUPTED: StsOutcome = { status: 'unknown', reason: 'interrupted' };

const UNKNOWN_RANK: Record<string, number> = { timeout: 1, network: 2, throttled: 3, 'server-error': 4, 'clock-skew': 5 };

/** No candidate was live: any unknown beats invalid (that secret might work); wrong-secret beats key-unknown. */
function combine(outcomes: StsOutcome[]): StsOutcome {
  const unknown = outcomes.filter((o) => o.status === 'unknown');
  if (unknown.length) return unknown.sort((a, b) => (UNKNOWN_RANK[a.reason ?? ''] ?? 9) - (UNKNOWN_RANK[b.reason ?? ''] ?? 9))[0];
  const order = ['wrong-secret', 'expired-token', 'key-unknown'];
  return [...outcomes].sort((a, b) => rank(a.reason) - rank(b.reason))[0];
  function rank(r: string | undefined): number {
    const i = order.indexOf(r ?? '');
    return i < 0 ? order.length : i;
  }
}

/**
 * Sets `verification` on every finding with AWS facts (a key id); other findings are left alone.
 * Never rejects: a failure becomes `unknown`.
 */
export async function verifyFindings(findings: Finding[], opts: VerifyOptions): Promise<void> {
  const verifier = new Verifier(opts);
  await Promise.all(
    findings.map(async (f) => {
      try {
        const v = await verifier.verify(f);
        if (v) f.verification = v;
      } catch (err) {
        f.verification = { status: 'unknown', reason: `error:${err instanceof Error ? err.message : String(err)}` };
      }
    }),
  );
}
