// The one stage that acts on suppressions (marked by the engine and at the join): a place
// with a suppression is dropped, a finding with no place left is dropped. --no-suppress keeps
// everything. (A minimal version: the suppress work replaces it with the same signature.)
import type { Finding } from '../types.js';

export function applySuppressions(findings: Finding[], opts: { noSuppress: boolean }): Finding[] {
  if (opts.noSuppress) return findings;
  const out: Finding[] = [];
  for (const f of findings) {
    if (!f.locations.some((l) => l.suppressed?.length)) {
      out.push(f);
      continue;
    }
    const open = f.locations.filter((l) => !l.suppressed?.length);
    if (open.length) out.push({ ...f, locations: open });
  }
  return out;
}
