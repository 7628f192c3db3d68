// Google Cloud: rule data in rules/gcp.yaml. A service-account key file is reported on its
// private_key (which must load with node:crypto), with the account and project it names.
import type { Hit } from '../../types.js';
import type { EnrichContext, Provider } from '../types.js';
import { VALIDATORS as KEYS } from '../private-key/validators.js';
import { GENERATORS as KEY_GENERATORS } from '../private-key/generators.js';

export interface GcpFacts {
  clientEmail?: string;
  projectId?: string;
  privateKeyId?: string;
}

/** A JSON string field of the key file around the private key (key files are ~2.3 KB). */
function field(around: string, name: string): string | undefined {
  const m = new RegExp(`"${name}"\\s*:\\s*"([^"\\\\]{1,200})"`).exec(around);
  return m?.[1];
}

export function enrich(hit: Hit, ctx: EnrichContext): void {
  if (!hit.secret.includes('PRIVATE KEY')) return;
  const around = ctx.text.slice(Math.max(0, ctx.at - 4096), ctx.at + hit.secret.length + 4096);
  const facts: GcpFacts = {};
  const email = field(around, 'client_email');
  const project = field(around, 'project_id');
  const keyId = field(around, 'private_key_id');
  if (email) facts.clientEmail = email;
  if (project) facts.projectId = project;
  if (keyId && /^[0-9a-f]{40}$/.test(keyId)) facts.privateKeyId = keyId;
  hit.facts = { ...hit.facts, gcp: facts };
}

export function describe(facts: unknown): string[] {
  const f = facts as GcpFacts;
  return [f.clientEmail && `service account ${f.clientEmail}`, f.projectId && `project ${f.projectId}`].filter((s): s is string => !!s);
}

export const gcp: Provider = {
  id: 'gcp',
  validators: { 'gcp-service-account-key': KEYS['private-key-pem']! },
  generators: { 'gcp-private-key-json': (args, draw, next) => KEY_GENERATORS['private-key-json']!(['pkcs8'], draw, next) },
  enrich,
  describe,
  sarifProperties: (facts) => ({ ...(facts as GcpFacts) }),
};
