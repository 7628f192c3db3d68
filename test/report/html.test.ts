import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORMATS } from '../../src/report/index.js';
import { esc } from '../../src/report/html-page.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { fakeKeyId, fakeSecret } from '../helpers/keys.js';
import { pairFinding, result } from './fixtures.js';
import { auditResult, HOSTILE_PATH, html, REPO_A, REPO_B, tokenFinding } from './html-fixtures.js';

/** The data-fingerprint of each card, in page order. */
const cardOrder = (page: string) => [...page.matchAll(/<article class="finding[^>]*data-fingerprint="([0-9a-f]+)"/g)].map((m) => m[1]);

describe('html report', () => {
  it('is one self-contained page: a CSP that allows only its own script, no external asset', () => {
    const page = html(auditResult().result);
    expect(FORMATS).toContain('html');
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    const csp = page.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)![1];
    expect(csp).toMatch(/^default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-[A-Za-z0-9+/=]+'; base-uri 'none'; form-action 'none'$/);
    // The hash is the hash of the one script in the page.
    const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    expect(page.match(/<script/g)).toHaveLength(1);
    const hash = createHash('sha256').update(scripts[0][1]).digest('base64');
    expect(csp).toContain(`'sha256-${hash}'`);
    // Nothing loads from anywhere: no src attributes, stylesheets, CSS urls or imports.
    expect(page).not.toMatch(/<[^>]*\ssrc=|<link|url\(|@import|<iframe|<img/i);
    // Links only in the remediation, to the provider's https docs.
    for (const m of page.matchAll(/href="([^"]*)"/g)) expect(m[1]).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    expect(page).toContain('<h1>keyhound report</h1>');
    expect(page).toContain('keyhound 9.9.9 · 2026-01-02T03:04:05.000Z');
  });

  it('shows the summary: what was scanned, bytes, findings, warnings, verification, completeness', () => {
    const { result: res } = auditResult();
    const page = html(res);
    expect(page).toContain('<tr><th>scanned</th><td>49 blobs (5.00 MiB)</td></tr>');
    expect(page).toContain(`<tr><th>bytes</th><td>${5 * 1024 * 1024 + 300} (5.00 MiB)</td></tr>`);
    expect(page).toContain('<tr><th>findings</th><td>3 (critical 1, high 1, medium 1)</td></tr>');
    expect(page).toContain('<tr><th>warnings</th><td>1 (shallow 1)</td></tr>');
    expect(page).toContain('<tr><th>verification</th><td>live 1, invalid 1</td></tr>');
    expect(page).toContain('<tr><th>complete</th><td>yes</td></tr>');
    expect(page).not.toContain('id="incomplete"');
    const partial = html({ ...res, summary: { ...res.summary, complete: false } });
    expect(partial).toContain('<p class="bad" id="incomplete">INCOMPLETE SCAN');
    expect(partial).toContain('<tr><th>complete</th><td>NO — some content was not scanned, see the warnings</td></tr>');
  });

  it('has the per-repo table when the result has repos, and none without', () => {
    const { result: res } = auditResult();
    const page = html(res);
    expect(page).toContain('<h2>Repositories (3)</h2>');
    expect(page).toContain(
      `<tr><td><code>${esc(REPO_A)}</code></td><td>scanned</td><td class="n">12</td><td class="n">40</td><td class="n">2</td><td class="n">0</td><td class="n">0</td><td class="n">1.50 s</td></tr>`,
    );
    expect(page).toContain('<td>resumed</td><td class="n">3</td><td class="n">9</td><td class="n">2</td><td class="n">1</td><td class="n">1</td><td class="n">250 ms</td>');
    expect(page).toContain('<td><code>https://git.example.test/org/&#60;b&#62;gone&#60;/b&#62;.git</code></td><td class="bad">failed: clone failed: not found</td>');
    const plain = html(result([pairFinding().finding]));
    expect(plain).not.toContain('id="repos"');
    expect(plain).not.toContain('data-filter="repo"');
  });

  it('groups by provider then repo, live keys first, then by severity; one key in two repos is one card', () => {
    const fx = auditResult();
    const page = html(fx.result);
    const fingerprints = fx.result.findings.map((f) => f.fingerprint);
    // live (medium) aws, then critical aws, then the high github token.
    expect(cardOrder(page)).toEqual([fx.live.fingerprint, fx.shared.fingerprint, fingerprints[0]]);
    const providers = [...page.matchAll(/<section class="group provider" data-provider="([^"]+)"><h2>([^<]+)<\/h2>/g)].map((m) => [m[1], m[2]]);
    expect(providers).toEqual([['aws', 'aws (2)'], ['github', 'github (1)']]);
    const repoHeadings = [...page.matchAll(/<h3 class="repo-heading">([^<]+)<\/h3>/g)].map((m) => m[1]);
    expect(repoHeadings).toEqual([esc(REPO_B), esc(`${REPO_A}, ${REPO_B}`), esc(REPO_A)]);
    // The shared key: one card listing both repos, filterable by either.
    expect(page.match(new RegExp(`data-fingerprint="${fx.shared.fingerprint}"`, 'g'))).toHaveLength(1);
    expect(page).toContain(`data-f-repo="${esc(JSON.stringify([REPO_A, REPO_B]))}"`);
    expect(page).toContain(`<code>config/prod.env:3:19</code> <span class="repo">repo ${esc(REPO_A)}</span>`);
    expect(page).toContain(`<code>deploy/old.env:1:1</code> <span class="repo">repo ${esc(REPO_B)}</span>`);
  });

  it('shows rule, severity, status, facts as the JSON report has them, capped places and the next steps', () => {
    const fx = auditResult();
    const page = html(fx.result);
    expect(page).toContain('<h4><span class="badge sev">MEDIUM</span> <code>aws-access-key-pair</code> AWS access key pair <span class="badge st-live">live</span></h4>');
    const facts = (fx.live.facts as { aws: { account: string } }).aws;
    expect(page).toContain(`account ${facts.account} · key long-term`);
    expect(page).toContain(`<details><summary>aws facts</summary><pre>{\n  &#34;keyId&#34;: &#34;AKIA…`);
    expect(page).toContain(`&#34;account&#34;: &#34;${facts.account}&#34;`);
    expect(page).toContain(`verification live (arn:aws:iam::${facts.account}:user/deploy)`);
    // 14 places + 3 more: 10 listed, "and 7 more".
    const tokenCard = page.slice(page.indexOf('<code>github-pat</code>'));
    expect(tokenCard.match(/<li><code>ci\/deploy-\d+\.yml:7:10<\/code>/g)).toHaveLength(10);
    expect(tokenCard).toContain('<li class="mut">… and 7 more locations</li>');
    // Remediation: AWS's rotate commands and guide; the baseline step for everyone.
    expect(page).toContain('aws iam update-access-key');
    expect(page).toContain('rel="noreferrer noopener">https://docs.aws.amazon.com/IAM/');
    expect(tokenCard).toContain('<li>baseline: keyhound baseline --output .keyhound-baseline.json');
    // Commit facts of a git place: short commit, author, date, subject.
    expect(page).toContain('Alice Example &#60;alice@example.com&#62; · 2024-05-01 · Add deploy config');
  });

  it('builds the filter boxes from the data and shows the count', () => {
    const page = html(auditResult().result);
    expect(page).toContain('<select data-filter="provider" id="f-provider"><option value="">all</option><option value="aws">aws</option><option value="github">github</option></select>');
    expect(page).toContain('<option value="">all</option><option value="critical">critical</option><option value="high">high</option><option value="medium">medium</option></select>');
    expect(page).toContain('<select data-filter="status" id="f-status"><option value="">all</option><option value="live">live</option><option value="invalid">invalid</option><option value="unverified">unverified</option></select>');
    expect(page).toContain(`<option value="${esc(REPO_A)}">`);
    expect(page).toContain('<span id="count">3 of 3 findings shown</span>');
    const empty = html(result([]));
    expect(empty).toContain('<p id="no-findings">No findings.</p>');
    expect(empty).toContain('<span id="count">0 of 0 findings shown</span>');
  });

  it('escapes hostile paths, subjects and warnings: the markup in them is inert text', () => {
    const fx = auditResult();
    Object.assign(fx.result.findings[2].locations[0].provenance, { subject: '"><script>alert(1)</script>' });
    fx.result.warnings.push({ kind: 'unreadable', path: '</code><svg onload=alert(2)>', message: 'EACCES \u202e reversed' });
    const page = html(fx.result);
    expect(page.match(/<script/gi)).toHaveLength(1);
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<svg');
    expect(page).not.toContain('onerror="');
    expect(page).toContain(esc(`${HOSTILE_PATH}:2:5`));
    expect(page).toContain('x/&#60;script&#62;window.__pwned=1&#60;/script&#62;&#60;img src=&#34;http://127.0.0.1:9/p.png&#34;');
    expect(page).toContain('&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;');
    // Bidi overrides are shown escaped, so they cannot reorder what the page says.
    expect(page).toContain('EACCES \\u202e reversed');
    expect(page).not.toContain('\u202e');
  });

  it('never holds a raw secret unless --show-secrets, also where a path quotes one', () => {
    const fx = auditResult();
    const { finding, token } = tokenFinding();
    finding.locations = [{ ...finding.locations[0], path: `leaks/${token}.txt` }];
    fx.result.findings.push(finding);
    fx.result.warnings.push({ kind: 'unreadable', path: `cache/${fx.secrets[0]}`, message: 'EACCES' });
    const page = html(fx.result);
    for (const secret of [...fx.secrets, token]) expect(page).not.toContain(secret);
    expect(page).toContain(`AKIA…${fx.secrets[0].slice(-4)}`);
    const shown = html(fx.result, true);
    for (const secret of [...fx.secrets, token]) expect(shown).toContain(secret);
  });

  it('is what `keyhound scan --format html --output FILE` writes, redacted', () => {
    const dir = tempDir('keyhound-html-');
    const { keyId } = fakeKeyId();
    const secretKey = fakeSecret();
    writeFileSync(join(dir, 'app.env'), `aws_access_key_id = ${keyId}\naws_secret_access_key = ${secretKey}\n`);
    const out = join(tempDir('keyhound-html-out-'), 'report.html');
    const run = runCli(['scan', dir, '--format', 'html', '--output', out, '--workers', '0']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const page = readFileSync(out, 'utf8');
    expect(page).toContain('<h1>keyhound report</h1>');
    expect(page).toContain(`<code>${esc(join(dir, 'app.env'))}:1:${'aws_access_key_id = '.length + 1}</code>`);
    expect(page.match(/<article class="finding/g)).toHaveLength(1);
    expect(page).not.toContain(keyId);
    expect(page).not.toContain(secretKey);
  });
});
