// The HTML report in a real headless browser: Debian's chromium driven by playwright-core
// (nothing downloaded). It renders, the filters filter, nothing is fetched, no raw secret is
// in the DOM, and a screenshot is written. Without chromium: fails in CI, skips locally.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { tempDir } from '../helpers/cli.js';
import { auditResult, html, REPO_A } from './html-fixtures.js';

/** Debian's package puts it here; KEYHOUND_CHROMIUM names another (a distribution that ships it elsewhere). */
const CHROMIUM = process.env.KEYHOUND_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SLOW = 120_000;
/** What page.evaluate's callbacks read in the page (run there: no DOM types in this program). */
type PageGlobals = { document: { documentElement: { outerHTML: string }; body: { innerText: string } } };

const present = existsSync(CHROMIUM);
if (!present && process.env.CI !== 'true') {
  console.warn(`SKIPPED test/report/html-browser.test.ts: ${CHROMIUM} is missing (apt-get install chromium); the HTML report was not tested in a browser`);
}
const suite = present || process.env.CI === 'true' ? describe : describe.skip;

suite('html report in headless chromium', () => {
  const fx = auditResult();
  const dir = tempDir('keyhound-html-browser-');
  const file = join(dir, 'report.html');
  const url = pathToFileURL(file).href;
  /** Every request the page made, whatever it was for. */
  const requests: string[] = [];
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    if (!present) throw new Error(`CI=true and ${CHROMIUM} is missing: .ci/run installs Debian's chromium package (apt-get install -y chromium)`);
    writeFileSync(file, html(fx.result));
    const profile = tempDir('keyhound-chromium-profile-');
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true, offline: true });
    // Everything but the page itself is refused, and recorded.
    await context.route('**', (route) => (route.request().url() === url ? route.continue() : route.abort()));
    context.on('request', (r) => requests.push(r.url()));
    page = await context.newPage();
    await page.goto(url);
  }, SLOW);

  afterAll(async () => {
    await context?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const visibleCards = () => page.locator('article.finding:visible');
  const count = () => page.locator('#count').textContent();

  it('renders the heading, the repo table and one card per finding; no request but the page', async () => {
    expect(await page.locator('h1').textContent()).toBe('keyhound report');
    expect(await page.locator('#repos tr').count()).toBe(4);
    expect(await page.locator('article.finding').count()).toBe(3);
    expect(await visibleCards().count()).toBe(3);
    expect(await count()).toBe('3 of 3 findings shown');
    expect(requests).toEqual([url]);
  }, SLOW);

  it('filters by search text, provider, status and repo; the count follows', async () => {
    await page.fill('#q', 'github-pat');
    expect(await count()).toBe('1 of 3 findings shown');
    expect(await visibleCards().locator('code', { hasText: 'github-pat' }).count()).toBe(1);
    await page.fill('#q', '');
    await page.selectOption('#f-provider', 'aws');
    expect(await count()).toBe('2 of 3 findings shown');
    expect(await page.locator('section.provider[data-provider="github"]').isVisible()).toBe(false);
    await page.selectOption('#f-status', 'live');
    expect(await count()).toBe('1 of 3 findings shown');
    expect(await visibleCards().getAttribute('data-fingerprint')).toBe(fx.live.fingerprint);
    await page.selectOption('#f-status', '');
    await page.selectOption('#f-provider', '');
    // The key shared by two repos shows under either; the live one only under its own.
    await page.selectOption('#f-repo', REPO_A);
    expect(await count()).toBe('2 of 3 findings shown');
    const shown = await visibleCards().evaluateAll((cards) => cards.map((c) => c.getAttribute('data-fingerprint')));
    expect(shown).toEqual([fx.shared.fingerprint, fx.result.findings[0].fingerprint]);
    await page.selectOption('#f-repo', '');
    await page.fill('#q', 'no such thing anywhere');
    expect(await count()).toBe('0 of 3 findings shown');
    await page.fill('#q', '');
    expect(await count()).toBe('3 of 3 findings shown');
  }, SLOW);

  it('keeps hostile paths inert and holds no raw secret in the DOM or its text', async () => {
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('body img, body svg').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    const dom = await page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.outerHTML);
    const text = await page.evaluate(() => (globalThis as unknown as PageGlobals).document.body.innerText);
    expect(text).toContain('x/<script>window.__pwned=1</script>');
    for (const secret of fx.secrets) {
      expect(dom).not.toContain(secret);
      expect(text).not.toContain(secret);
    }
    expect(requests).toEqual([url]);
  }, SLOW);

  it('writes a screenshot', async () => {
    const shot = join(dir, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(1000);
    expect(readFileSync(shot).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  }, SLOW);
});
