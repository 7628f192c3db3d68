// An org-audit-shaped result for the HTML report tests (unit and browser): findings of two
// providers in several repositories, one live key, hostile paths, generated fake keys only.
import { createHash } from 'node:crypto';
import type { Finding, ScanResult } from '../../src/types.js';
import type { RepoSummary } from '../../src/audit/types.js';
import { render } from '../../src/report/index.js';
import { fakeBase64, fakeHex } from '../helpers/keys.js';
import { fileLoc, gitProvenance, pairFinding, result, summary } from './fixtures.js';

/** A path an attacker chose: markup that would run, or fetch, if it were not escaped. */
export const HOSTILE_PATH = 'x/<script>window.__pwned=1</script><img src="http://127.0.0.1:9/p.png" onerror="window.__pwned=2">.env';

export const REPO_A = 'https://git.example.test/org/alpha.git';
export const REPO_B = 'https://git.example.test/org/beta.git';

/** A token finding of another provider (generic redaction: first 4 + length). */
export function tokenFinding(overrides: Partial<Finding> = {}): { finding: Finding; token: string } {
  const token = `ghp_${fakeBase64(36).replace(/[+/]/g, 'x')}`;
  const finding: Finding = {
    fingerprint: createHash('sha256').update(`github-pat\0${token}`).digest('hex'),
    ruleId: 'github-pat',
    ruleName: 'GitHub personal access token',
    severity: 'high',
    secret: token,
    match: `token: ${token}`,
    entropy: 4.9,
    locations: [fileLoc('ci/deploy.yml', 7, 10)],
    provider: 'github',
    ...overrides,
  };
  return { finding, token };
}

export interface AuditFixture {
  result: ScanResult;
  /** Every raw secret string in the result: none may appear in a redacted report. */
  secrets: string[];
  live: Finding;
  shared: Finding;
}

/** Three findings: a live AWS pair (medium, so order is by liveness first), a shared critical pair in two repos, a token. */
export function auditResult(): AuditFixture {
  const live = pairFinding({ severity: 'medium' });
  live.finding.verification = { status: 'live', arn: `arn:aws:iam::${live.account}:user/deploy`, account: live.account };
  live.finding.locations = [{ ...fileLoc(HOSTILE_PATH, 2, 5, gitProvenance(HOSTILE_PATH)), repo: REPO_B }];
  const shared = pairFinding();
  shared.finding.locations = [
    { ...fileLoc('config/prod.env', 3, 19, gitProvenance('config/prod.env')), repo: REPO_A },
    { ...fileLoc('deploy/old.env', 1, 1, gitProvenance('deploy/old.env')), repo: REPO_B },
  ];
  shared.finding.verification = { status: 'invalid', reason: 'InvalidClientTokenId' };
  const token = tokenFinding();
  token.finding.locations = Array.from({ length: 14 }, (_, i) => ({ ...fileLoc(`ci/deploy-${i}.yml`, 7, 10), repo: REPO_A }));
  token.finding.moreLocations = 3;
  const repos: RepoSummary[] = [
    { repo: REPO_A, status: 'scanned', commits: 12, blobs: 40, findings: 2, live: 0, warnings: 0, durationMs: 1500 },
    { repo: REPO_B, status: 'resumed', commits: 3, blobs: 9, findings: 2, live: 1, warnings: 1, durationMs: 250 },
    { repo: 'https://git.example.test/org/<b>gone</b>.git', status: 'failed', reason: 'clone failed: not found', commits: 0, blobs: 0, findings: 0, live: 0, warnings: 0, durationMs: 30 },
  ];
  const findings = [token.finding, shared.finding, live.finding];
  const res = result(findings, {
    repos,
    summary: summary({ findings: 3, warnings: 1, warningsByKind: { shallow: 1 }, verification: { live: 1, invalid: 1 }, extra: { commits: 15, blobs: 49 } }),
    warnings: [{ kind: 'shallow', path: `${REPO_B} ${fakeHex(8)}`, message: 'history is shallow' }],
  });
  return { result: res, secrets: [live.keyId, live.secretKey, shared.keyId, shared.secretKey, token.token], live: live.finding, shared: shared.finding };
}

export function html(res: ScanResult, showSecrets = false): string {
  return render('html', res, { showSecrets, color: false, rules: [], toolVersion: '9.9.9', now: new Date('2026-01-02T03:04:05Z') });
}
