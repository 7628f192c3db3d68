// One STS GetCallerIdentity call with explicit static credentials, and the classification of
// its outcome. The only module that talks to the network (loaded lazily, only with --verify).
// Retries, caching and concurrency live in index.ts.
import type { Verification } from '../../../types.js';
import { proxyAgent, proxyFor } from '../../../net/proxy.js';

export interface StsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface StsTarget {
  /** Explicit endpoint (--sts-endpoint); undefined = SDK resolution (honours AWS_ENDPOINT_URL_STS). */
  endpoint?: string;
  region: string;
  timeoutMs: number;
  userAgent: string;
  /** Aborted when the run is interrupted: the request in flight is dropped at once. */
  signal?: AbortSignal;
}

/** A classified answer. `retry` says whether backing off and asking again may help. */
export interface StsOutcome extends Verification {
  retry?: 'throttled' | 'server-error';
  /** Error code as STS (or the transport) named it, for debugging. */
  code?: string;
  httpStatus?: number;
}

type StsModule = typeof import('@aws-sdk/client-sts');
let sdk: Promise<StsModule> | undefined;
/** The SDK is imported on first use so scans without --verify never pay for it. */
function loadSdk(): Promise<StsModule> {
  // The SDK's NodeVersionSupportWarning (a 9-line notice about its own future Node support) is
  // addressed to keyhound's maintainers, not its users; the SDK's own switch turns it off.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  sdk ??= import('@aws-sdk/client-sts');
  return sdk;
}

/**
 * One GetCallerIdentity attempt. Never throws: every failure becomes an outcome.
 * Credentials are passed statically — the SDK's default provider chain is never consulted.
 */
export async function getCallerIdentity(creds: StsCredentials, target: StsTarget): Promise<StsOutcome> {
  const { STSClient, GetCallerIdentityCommand } = await loadSdk();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, target.timeoutMs);
  const interrupt = () => controller.abort();
  target.signal?.addEventListener('abort', interrupt, { once: true });
  // The URL the SDK will call, to decide on a proxy (standard env variables; loopback never).
  const url = target.endpoint ?? process.env.AWS_ENDPOINT_URL_STS ?? process.env.AWS_ENDPOINT_URL ?? `https://sts.${target.region}.amazonaws.com${target.region.startsWith('cn-') ? '.cn' : ''}`;
  const proxy = proxyFor(url);
  const agent = proxy ? await proxyAgent(proxy) : undefined;
  const client = new STSClient({
    region: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    credentials: {
      accessKeyId: creds.accessKeyId,
      secretAccessKey: creds.secretAccessKey,
      ...(creds.sessionToken ? { sessionToken: creds.sessionToken } : {}),
    },
    maxAttempts: 1,
    customUserAgent: target.userAgent,
    requestHandler: {
      connectionTimeout: target.timeoutMs,
      requestTimeout: target.timeoutMs,
      ...(agent ? { httpAgent: agent, httpsAgent: agent } : {}),
    },
  });
  try {
    const out = await client.send(new GetCallerIdentityCommand({}), { abortSignal: controller.signal });
    return identityOutcome(out.Account, out.Arn, out.UserId, out.$metadata.httpStatusCode ?? 200);
  } catch (err) {
    if (target.signal?.aborted) return { status: 'unknown', reason: 'interrupted', code: 'Interrupted' };
    if (timedOut) return { status: 'unknown', reason: 'timeout', code: 'Timeout' };
    return classifyStsError(err);
  } finally {
    clearTimeout(timer);
    target.signal?.removeEventListener('abort', interrupt);
    client.destroy();
  }
}

/**
 * A 200 is `live` only with an identity in it: a 12-digit Account and an IAM/STS Arn of that
 * account. The SDK turns any 200 into an output object, so an empty body, a captive portal's
 * HTML page or XML without these elements arrive as an output with the fields missing; the
 * key may or may not work, so they are `unknown: no-identity`, never `live`.
 */
export function identityOutcome(account: string | undefined, arn: string | undefined, userId: string | undefined, httpStatus: number): StsOutcome {
  const arnAccount = /^arn:aws(?:-[a-z-]+)?:(?:iam|sts)::(\d{12}):\S+$/.exec(arn ?? '')?.[1];
  if (!account || !/^\d{12}$/.test(account) || arnAccount !== account) {
    return { status: 'unknown', reason: 'no-identity', code: 'NoIdentity', httpStatus };
  }
  const v: StsOutcome = { status: 'live', httpStatus, arn: arn!, account };
  if (userId) v.userId = userId;
  return v;
}

const THROTTLE_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
  'PriorRequestNotComplete',
  'BandwidthLimitExceeded',
  'ProvisionedThroughputExceededException',
]);
const SERVER_CODES = new Set(['InternalFailure', 'InternalError', 'ServiceUnavailable', 'ServiceUnavailableException']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'AbortError']);
const NETWORK_CODES = new Set<string>([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EPIPE',
  'EPROTO',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'UND_ERR_SOCKET',
  'CERT_HAS_EXPIRED',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * Classify whatever the SDK threw. Lenient on purpose: moto (and proxies) may answer XML
 * labelled text/html or an HTML page, and the SDK then throws a generic error; we look at
 * the name, Code, message, raw body text and HTTP status in that order.
 */
export function classifyStsError(err: unknown): StsOutcome {
  const e = (err ?? {}) as Record<string, unknown>;
  const meta = (e.$metadata ?? {}) as { httpStatusCode?: number };
  const response = (e.$response ?? {}) as { statusCode?: number };
  const status = meta.httpStatusCode ?? response.statusCode;
  const body = str(e.$responseBodyText) ?? '';
  const message = str(e.message) ?? '';
  const xmlCode = /<Code>\s*([^<\s]+)\s*<\/Code>/.exec(body)?.[1] ?? /<Code>\s*([^<\s]+)\s*<\/Code>/.exec(message)?.[1];
  const xmlMessage = /<Message>([^<]*)<\/Message>/.exec(body)?.[1];
  const errorObj = (e.Error ?? {}) as Record<string, unknown>;
  const names = [str(e.Code), str(errorObj.Code), xmlCode, str(e.code), str(e.name), str((e.cause as Record<string, unknown> | undefined)?.code)]
    .filter((x): x is string => x !== undefined);
  const text = `${message} ${xmlMessage ?? ''}`;
  const has = (...codes: string[]) => names.some((n) => codes.includes(n));
  // The socket's own error code (e.g. `read ECONNRESET`): the SDK labels a reset "TimeoutError"
  // (it retries both alike), but the peer hung up at once: that is `network`, not `timeout`.
  const transport = [str(e.code), str((e.cause as Record<string, unknown> | undefined)?.code), /\b(E[A-Z]{4,}|UND_ERR_[A-Z_]+)\b/.exec(message)?.[1]];
  const base = { code: names[0], ...(status !== undefined ? { httpStatus: status } : {}) };

  // Signature expired / request expired: our clock, not the key.
  if (/signature expired|request has expired|RequestExpired|RequestTimeTooSkewed|clock skew/i.test(text) || has('RequestExpired', 'RequestTimeTooSkewed')) {
    return { status: 'unknown', reason: 'clock-skew', ...base };
  }
  if (has('InvalidClientTokenId', 'UnrecognizedClientException', 'InvalidAccessKeyId')) {
    return { status: 'invalid', reason: 'key-unknown', ...base };
  }
  if (has('SignatureDoesNotMatch', 'IncompleteSignature', 'InvalidSignatureException')) {
    return { status: 'invalid', reason: 'wrong-secret', ...base };
  }
  if (has('ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired')) {
    return { status: 'invalid', reason: 'expired-token', ...base };
  }
  if (has(...THROTTLE_CODES) || status === 429 || /rate exceeded|throttl/i.test(text)) {
    return { status: 'unknown', reason: 'throttled', retry: 'throttled', ...base };
  }
  if (transport.some((c) => c !== undefined && NETWORK_CODES.has(c))) {
    return { status: 'unknown', reason: 'network', ...base };
  }
  if (has(...TIMEOUT_CODES) || /timed? ?out/i.test(message)) {
    return { status: 'unknown', reason: 'timeout', ...base };
  }
  if (has(...NETWORK_CODES) || (status === undefined && /socket hang up|getaddrinfo|connect|network|fetch failed/i.test(message))) {
    return { status: 'unknown', reason: 'network', ...base };
  }
  if ((status !== undefined && status >= 500) || has(...SERVER_CODES) || e.$fault === 'server') {
    return { status: 'unknown', reason: 'server-error', retry: 'server-error', ...base };
  }
  // A 200 the SDK could not even parse (HTML that is not well-formed XML): no identity either.
  if (status !== undefined && status >= 200 && status < 300) {
    return { status: 'unknown', reason: 'no-identity', ...base };
  }
  // Anything else (an unexpected 4xx, a body we cannot read): we do not know if the key works.
  const code = names.find((n) => n !== 'Error' && n !== 'Unknown' && n !== 'UnknownError');
  return { status: 'unknown', reason: code ? `error:${code}` : status !== undefined ? `http-${status}` : 'error', ...base };
}
