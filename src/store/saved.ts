// A finding store as JSON: `{ version: 1, findings: [...] }`, findings in the store's order.
//
// A saved store holds the secrets (baselines, shard merges and a verification run after a
// merge need them): it is as sensitive as `--show-secrets` output, and whoever writes it to a
// file writes it mode 0600. It holds no more than the JSON report does with --show-secrets
// (same field names; `provider` and `facts` as the Finding keeps them), plus the counts that let merges count unlisted places right (`seen`,
// per location `origins` when not every origin of the finding saw it: see finding-store.ts).
// Verification hints that the report does not show (Finding.context: secrets seen near a key
// id, a session token) are not saved: a loaded finding verifies with its own secret and parts.
import type { Finding, Location } from '../types.js';
import { locationJson } from '../report/json.js';
import { fingerprint as fingerprintOf } from '../engine/fingerprint.js';
import type { FindingStore } from './finding-store.js';
import { checkFinding, StoreFormatError } from './validate.js';

export const STORE_VERSION = 1;

export function saveStore(store: FindingStore): string {
  const findings = store.findings().map((f) => {
    const st = store.stateOf(f.fingerprint);
    const seen = Object.fromEntries([...(st?.seen ?? [])].filter(([, n]) => n > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const all = Object.keys(seen).join('\0');
    const location = (l: Location) => {
      const origins = store.tagsOf(f.fingerprint, l);
      return { ...locationJson(l), origins: origins.join('\0') === all ? undefined : [...origins] };
    };
    return {
      ruleId: f.ruleId,
      ruleName: f.ruleName,
      fingerprint: f.fingerprint,
      severity: f.severity,
      secret: f.secret,
      match: f.match,
      entropy: f.entropy,
      locations: f.locations.map(location),
      moreLocations: f.moreLocations,
      // The report spreads the facts into one block per provider; the store keeps them as the Finding does.
      provider: f.provider,
      facts: f.facts,
      parts: f.parts?.map((p) => ({ ruleId: p.ruleId, role: p.role, secret: p.secret, fingerprint: p.fingerprint, location: locationJson(p.location) })),
      verification: f.verification && {
        status: f.verification.status,
        reason: f.verification.reason,
        arn: f.verification.arn,
        account: f.verification.account,
        userId: f.verification.userId,
      },
      seen,
    };
  });
  return JSON.stringify({ version: STORE_VERSION, findings }, null, 2) + '\n';
}

/** Fill an empty store from saved JSON; a malformed one throws StoreFormatError saying where. */
export function loadInto(store: FindingStore, json: string): void {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (e) {
    throw new StoreFormatError(`not a finding store: not JSON (${(e as Error).message})`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new StoreFormatError('not a finding store: expected a JSON object');
  const { version, findings } = doc as { version?: unknown; findings?: unknown };
  if (version !== STORE_VERSION) {
    throw new StoreFormatError(`unsupported finding store version ${JSON.stringify(version)}: this keyhound reads version ${STORE_VERSION}`);
  }
  if (!Array.isArray(findings)) throw new StoreFormatError('not a finding store: "findings" must be an array');
  const seenFingerprints = new Set<string>();
  findings.forEach((raw, i) => {
    const at = `findings[${i}]`;
    const { finding, seen, origins } = checkFinding(raw, at);
    if (seenFingerprints.has(finding.fingerprint)) throw new StoreFormatError(`${at}: fingerprint ${finding.fingerprint} appears twice`);
    seenFingerprints.add(finding.fingerprint);
    if (fingerprintOf(finding.ruleId, finding.secret) !== finding.fingerprint) {
      throw new StoreFormatError(`${at}: fingerprint does not match ruleId and secret (a redacted report is not a store)`);
    }
    const all = [...seen.keys()];
    const entries = finding.locations.map((loc, j) => ({ loc, tags: origins[j] ?? all }));
    const declared = finding.moreLocations ?? 0;
    const f: Finding = finding;
    store.install(f, entries, seen);
    if ((f.moreLocations ?? 0) !== declared) {
      throw new StoreFormatError(`${at}: moreLocations ${declared} does not match the places counted in "seen" (${f.moreLocations ?? 0})`);
    }
  });
}
