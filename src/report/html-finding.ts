// One finding of the HTML report as a card: rule, severity, redacted secret, verification,
// the provider's facts (as the JSON report holds them), its places and the next steps. The
// card's data-f-* attributes are what the page's filters match (html-page.ts).
import { outermost } from '../provenance.js';
import type { Finding, Location } from '../types.js';
import { providerFacts, verificationText } from './describe.js';
import { esc, escLines } from './html-page.js';
import { nextSteps } from './next-steps.js';
import { MAX_LOCATIONS } from './text.js';

/** What a finding counts as for the status filter: its verification status, or `unverified`. */
export function statusOf(f: Finding): string {
  return f.verification?.status ?? 'unverified';
}

/** The repositories a finding was seen in (org audits), sorted, distinct. */
export function reposOf(f: Finding): string[] {
  return [...new Set(f.locations.map((l) => l.repo).filter((r): r is string => !!r))].sort();
}

export function providerOf(f: Finding): string {
  return f.provider ?? 'other';
}

function dataAttr(name: string, values: readonly string[]): string {
  return ` data-f-${name}="${esc(JSON.stringify(values))}"`;
}

export function findingCard(f: Finding): string {
  const status = statusOf(f);
  const attrs = [
    dataAttr('provider', [providerOf(f)]),
    dataAttr('severity', [f.severity]),
    dataAttr('status', [status]),
    dataAttr('repo', reposOf(f)),
  ].join('');
  const head =
    `<h4><span class="badge sev">${esc(f.severity.toUpperCase())}</span> <code>${esc(f.ruleId)}</code> ${esc(f.ruleName)}` +
    ` <span class="badge st-${esc(status)}">${esc(status)}</span></h4>`;
  const lines = [
    `<article class="finding sev-${esc(f.severity)}"${attrs} data-fingerprint="${esc(f.fingerprint)}">`,
    head,
    `<div>secret <code class="secret">${esc(f.secret)}</code> <span class="mut mono">fingerprint ${esc(f.fingerprint)}</span></div>`,
    ...factLines(f),
    placesBlock(f),
    stepsBlock(f),
    '</article>',
  ];
  return lines.join('\n');
}

function factLines(f: Finding): string[] {
  const out: string[] = [];
  const described = providerFacts(f);
  if (described.length) out.push(`<div>${described.map((d) => (d.startsWith('CANARY') ? `<b>${esc(d)}</b>` : esc(d))).join(' · ')}</div>`);
  if (f.verification) out.push(`<div class="${statusOf(f) === 'live' ? 'bad' : ''}">${esc(verificationText(f.verification))}</div>`);
  // The provider's block exactly as the JSON report has it (under the provider's id).
  const own = f.provider ? f.facts?.[f.provider] : undefined;
  if (own !== undefined) {
    out.push(`<details><summary>${esc(f.provider!)} facts</summary><pre>${escLines(JSON.stringify(own, null, 2))}</pre></details>`);
  }
  return out;
}

/** Up to MAX_LOCATIONS places, then "and N more" (as the text report caps them). */
function placesBlock(f: Finding): string {
  const shown = f.locations.slice(0, MAX_LOCATIONS);
  const more = f.locations.length + (f.moreLocations ?? 0) - shown.length;
  const items = shown.map((l) => `<li>${placeHtml(l)}</li>`);
  if (more > 0) items.push(`<li class="mut">… and ${more} more locations</li>`);
  return `<div>places</div><ul class="places">${items.join('')}</ul>`;
}

function placeHtml(l: Location): string {
  const parts = [`<code>${esc(`${l.path}:${l.line}:${l.column}`)}</code>`];
  if (l.field) parts.push(`<span class="mut">(in the ${l.field === 'author' ? 'author' : 'name'})</span>`);
  else if (l.encoding) parts.push(`<span class="mut">(decoded ${esc(l.encoding)})</span>`);
  if (l.repo) parts.push(`<span class="repo">repo ${esc(l.repo)}</span>`);
  const origin = outermost(l.provenance);
  if (origin.kind === 'git' || origin.kind === 'git-message' || origin.kind === 'git-author') {
    const commit = [origin.commit.slice(0, 12), `${origin.author} <${origin.email}>`, origin.date.slice(0, 10), origin.subject];
    parts.push(`<div class="mut">commit ${esc(commit.join(' · '))}</div>`);
  }
  if (l.moreProvenance) parts.push(`<span class="mut">+${l.moreProvenance} more commits/paths</span>`);
  return parts.join(' ');
}

/** Revoke/rotate (the provider's remediation), allow inline, baseline: as the text report. */
function stepsBlock(f: Finding): string {
  const steps = nextSteps(f);
  const items: string[] = [];
  if (steps.revoke) {
    const commands = steps.revoke.commands.map((c) => `<pre>${esc(c)}</pre>`).join('');
    const link = /^https:\/\//.test(steps.revoke.link)
      ? `<a href="${esc(steps.revoke.link)}" rel="noreferrer noopener">${esc(steps.revoke.link)}</a>`
      : esc(steps.revoke.link);
    items.push(`<li>${esc(steps.revoke.text)}${commands}<div>${link}</div></li>`);
  }
  if (steps.allow) items.push(`<li>${esc(steps.allow)}</li>`);
  items.push(`<li>${esc(steps.baseline)}</li>`);
  return `<div>next steps</div><ul class="steps">${items.join('')}</ul>`;
}
