// The static shell of the HTML report: escaping, the style sheet, the filter script and the
// page around a body. Self-contained: the CSP allows no fetch, no image, no font, no frame, and
// only this one script (by its hash), so even markup that escaped escaping could not run.
import { createHash } from 'node:crypto';
import { clean } from './text.js';

/** Text for HTML content and quoted attributes; control and bidi characters shown escaped (clean()). */
export function esc(s: string): string {
  return clean(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
:root{color-scheme:light dark;--bd:#8884;--mut:#777}
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1rem 1.5rem}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.2rem;margin-top:1.6rem}h3{font-size:1.05rem;margin:1rem 0 .4rem}
table{border-collapse:collapse;margin:.4rem 0}th,td{border:1px solid var(--bd);padding:.2rem .5rem;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
code,pre,.mono{font-family:ui-monospace,monospace;font-size:12.5px}pre{white-space:pre-wrap;word-break:break-all;margin:.2rem 0}
.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;position:sticky;top:0;padding:.5rem 0;background:Canvas;border-bottom:1px solid var(--bd)}
.filters input{min-width:16rem}
.finding{border:1px solid var(--bd);border-left:5px solid var(--mut);border-radius:4px;padding:.5rem .8rem;margin:.5rem 0}
.finding.sev-critical{border-left-color:#c00}.finding.sev-high{border-left-color:#e60}.finding.sev-medium{border-left-color:#cb0}.finding.sev-low{border-left-color:#39c}
.badge{display:inline-block;border-radius:3px;padding:0 .35rem;font-size:12px;border:1px solid var(--bd)}
.st-live{background:#c00;color:#fff;font-weight:bold}.bad{color:#c00;font-weight:bold}
.mut{color:var(--mut)}ul{margin:.2rem 0;padding-left:1.3rem}
[hidden]{display:none!important}
`;

/** Hides the cards (and then groups) that do not match, and says how many are shown. */
const SCRIPT = `(function () {
  var q = document.getElementById('q');
  var selects = Array.prototype.slice.call(document.querySelectorAll('select[data-filter]'));
  var cards = Array.prototype.slice.call(document.querySelectorAll('.finding'));
  var groups = Array.prototype.slice.call(document.querySelectorAll('.group'));
  var count = document.getElementById('count');
  function values(card, name) {
    try { return JSON.parse(card.getAttribute('data-f-' + name) || '[]'); } catch (e) { return []; }
  }
  function apply() {
    var text = q.value.trim().toLowerCase();
    var shown = 0;
    cards.forEach(function (card) {
      var ok = (!text || card.textContent.toLowerCase().indexOf(text) >= 0) && selects.every(function (s) {
        return !s.value || values(card, s.getAttribute('data-filter')).indexOf(s.value) >= 0;
      });
      card.hidden = !ok;
      if (ok) shown++;
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector('.finding:not([hidden])'); });
    count.textContent = shown + ' of ' + cards.length + ' findings shown';
  }
  q.addEventListener('input', apply);
  selects.forEach(function (s) { s.addEventListener('change', apply); });
  apply();
})();`;

const SCRIPT_HASH = createHash('sha256').update(SCRIPT).digest('base64');

export const CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${SCRIPT_HASH}'; base-uri 'none'; form-action 'none'`;

/** The whole document around `body` (already escaped HTML). */
export function page(title: string, body: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    body,
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A `<select>` filtering on the cards' `data-f-NAME` values; first option: all. */
export function filterSelect(name: string, label: string, options: readonly string[]): string {
  const opts = options.map((o) => `<option value="${esc(o)}">${esc(o)}</option>`).join('');
  return `<label>${esc(label)} <select data-filter="${esc(name)}" id="f-${esc(name)}"><option value="">all</option>${opts}</select></label>`;
}

/** Like esc(), line by line: a multi-line block (pretty JSON) keeps its line breaks. */
export function escLines(s: string): string {
  return s.split('\n').map(esc).join('\n');
}
