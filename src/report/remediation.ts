// What to do about a finding: the provider of its rule says (providers/<id>/remediation).
import type { Finding } from '../types.js';
import { providerById } from '../providers/index.js';
import type { Remediation } from '../providers/types.js';

export type { Remediation } from '../providers/types.js';

/** The finding's provider's remediation; null when it has none or nothing is known to do. */
export function remediation(f: Finding): Remediation | null {
  return providerById(f.provider)?.remediation?.(f) ?? null;
}
