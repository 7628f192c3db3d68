// Each provider maps its own flags (defined in main.ts) to its options: the CLI stays
// generic and only gathers what the providers say.
import { PROVIDERS } from '../providers/index.js';
import { UsageError } from './exit.js';

export interface GatheredOptions {
  /** Provider id → the options its verifier takes. */
  verify: Record<string, Record<string, unknown> | undefined>;
  /** Account → owner: every provider's canaries beyond the built-in lists (for the engine). */
  canaries: Map<string, string>;
  /** What each provider with a verifier says it will send where, before --verify sends anything. */
  notices: (userAgent: string) => string[];
}

export async function providerOptions(argv: Readonly<Record<string, unknown>>): Promise<GatheredOptions> {
  const out: GatheredOptions = {
    verify: {},
    canaries: new Map(),
    notices: (ua) => PROVIDERS.flatMap((p) => (p.verifier && p.verifyNotice ? [p.verifyNotice(argv, ua)] : [])),
  };
  for (const p of PROVIDERS) {
    try {
      const o = (await p.options?.(argv)) ?? {};
      out.verify[p.id] = o.verify;
      for (const [account, owner] of o.canaries ?? []) out.canaries.set(account, owner);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  return out;
}
