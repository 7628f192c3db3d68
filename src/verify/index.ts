// verify/: opt-in live check of findings (only with --verify; loaded with a dynamic import).
// Each provider's verifier (providers/<id>/, loaded only here) checks that provider's findings
// with its own options; this module hands them over and counts the outcomes.
import type { Finding, VerificationStatus } from '../types.js';
import { PROVIDERS } from '../providers/index.js';

export interface VerifyOptions {
  /** Per request. */
  timeoutMs: number;
  /** Requests in flight at once (per provider). */
  concurrency: number;
  /** 'keyhound/<version>' (appended to an SDK's own user agent). */
  userAgent: string;
  /** Interrupted run (SIGINT/SIGTERM): nothing more is sent; what is left is `unknown: interrupted`. */
  signal?: AbortSignal;
  /** Provider id → that provider's own options (from its flags: providers/<id>/options). */
  providers?: Record<string, Record<string, unknown> | undefined>;
}

/** Sets `verification` on the findings their provider can check; others are left alone. Never rejects. */
export async function verifyFindings(findings: Finding[], opts: VerifyOptions): Promise<void> {
  const { providers, ...common } = opts;
  await Promise.all(
    PROVIDERS.map(async (p) => {
      const mine = findings.filter((f) => f.provider === p.id);
      if (!p.verifier || mine.length === 0) return;
      try {
        await (await p.verifier())(mine, { ...common, ...providers?.[p.id] });
      } catch (err) {
        for (const f of mine) f.verification ??= { status: 'unknown', reason: `error:${err instanceof Error ? err.message : String(err)}` };
      }
    }),
  );
}

/** Count of findings per verification status (all four keys present). */
export function summariseVerification(findings: Finding[]): Record<VerificationStatus, number> {
  const out: Record<VerificationStatus, number> = { live: 0, invalid: 0, unknown: 0, skipped: 0 };
  for (const f of findings) if (f.verification) out[f.verification.status]++;
  return out;
}
