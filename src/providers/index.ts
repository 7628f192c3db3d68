// The static registry of providers: one line per provider. Generic code finds a provider's
// validators, generators, enrichment, redaction, verifier and remediation only through here.
import type { Provider } from './types.js';
import { aws } from './aws/index.js';

export type { Provider } from './types.js';

export const PROVIDERS: readonly Provider[] = [aws];

const BY_ID = new Map(PROVIDERS.map((p) => [p.id, p]));

/** The provider with this id (a rule file's `provider:`), or undefined. */
export function providerById(id: string | undefined): Provider | undefined {
  return id === undefined ? undefined : BY_ID.get(id);
}
