// The git case on real projects' histories rebuilt from their npm releases
// (corpus/real-history.js). No registry and no cache: a skip line, never a failure.
import { BENCH } from '../harness.js';
import { ensureRealHistory } from '../corpus/real-history.js';
import { heading, log } from '../report.js';
import { gitCase } from './git.js';

/** Long histories of real source that build in about a minute or two each. */
export const REAL_PACKAGES = ['express', 'lodash'];

export function realHistoryCase({ runs, target }, rows) {
  for (const pkg of REAL_PACKAGES) {
    const h = ensureRealHistory(BENCH, pkg, log);
    if (h.skipped) {
      heading(`real history: ${pkg}`);
      log(`  skipped: ${h.skipped}`);
      rows.push({ case: `real ${pkg}: skipped`, label: pkg, median: NaN, target: '', notes: [h.skipped] });
      continue;
    }
    if (h.failed.length) log(`  ${h.failed.length} versions could not be fetched and are left out, e.g. ${h.failed[0]}`);
    const detail = `${pkg} ${h.first} … ${h.last}, ${h.versions} published versions as commits`;
    gitCase({ h, title: `real history: ${pkg}`, detail, runs, rows, prefix: `real ${pkg}`, target });
  }
}
