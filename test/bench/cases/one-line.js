// One 144 MB line (corpus/one-line.js), plain and as a .gz member in a directory tree:
// `cat` / `gzip -dc` floors against `keyhound scan DIR --format json`, and the one fake key
// pair near the end reported at its exact line and column.
import { BENCH, TMP, emit, keyhound, missed, rel, shell } from '../harness.js';
import { ensureOneLine } from '../corpus/one-line.js';
import { hasBinary } from '../corpus/util.js';
import { measureMany, runOnce } from '../measure.js';
import { fmt, heading, log } from '../report.js';

/** Notes for a report that does not hold exactly the planted pair at line 1, its column. */
function locationNotes(stdout, expect) {
  let doc;
  try {
    doc = JSON.parse(stdout);
  } catch {
    return ['MISSED no JSON report'];
  }
  const pairs = doc.findings.filter((f) => f.ruleId === 'aws-access-key-pair');
  const where = pairs.flatMap((f) => f.locations.map((l) => `${l.line}:${l.column}`));
  const notes = [];
  if (doc.findings.length !== 1) notes.push(`MISSED ${doc.findings.length} findings, expected 1 (the planted pair)`);
  if (!where.includes(`${expect.line}:${expect.column}`)) notes.push(`MISSED pair expected at ${expect.line}:${expect.column}, reported at ${where.join(', ') || 'none'}`);
  if (doc.summary.complete === false) notes.push('MISSED scan incomplete');
  return notes;
}

export async function oneLineCase({ runs, targetMBps }, rows) {
  const o = await ensureOneLine(BENCH, log);
  heading('one line', `${rel(o.plainFile)}: ${fmt.mb(o.bytes)} on one line; as .jsii.gz ${fmt.mb(o.gzBytes)}; median of ${runs}`);
  log(`  the planted key pair is at line ${o.expect.line}, column ${o.expect.column}`);
  const specs = [shell('catFloor', 'floor: cat', `cat '${o.plainFile}' > /dev/null`)];
  specs.push(keyhound('plain', 'keyhound scan (plain) --format json', ['scan', rel(o.plainDir), '--format', 'json', '--no-default-excludes']));
  const gzFloor = hasBinary('gzip');
  if (gzFloor) specs.push(shell('zcatFloor', 'floor: gzip -dc', `gzip -dc '${o.gzFile}' > /dev/null`));
  specs.push(keyhound('gz', 'keyhound scan (.gz) --format json', ['scan', rel(o.gzDir), '--format', 'json', '--no-default-excludes']));
  for (const s of specs) if (!s.node) runOnce(s, TMP); // warm-up floors: page cache hot
  const results = measureMany(specs, { runs, tmpDir: TMP });
  const target = `≥ ${targetMBps} MB/s, pair at 1:${o.expect.column}`;
  const check = (r, res) => [...missed(r.mbps < targetMBps, `${r.mbps.toFixed(1)} < ${targetMBps} MB/s`), ...locationNotes(res.stdout, o.expect)];
  const items = [
    { key: 'catFloor', case: 'one line: cat floor', bytes: o.bytes },
    { key: 'plain', case: 'one line: keyhound scan', bytes: o.bytes, floorKey: 'catFloor', target, check },
  ];
  if (gzFloor) items.push({ key: 'zcatFloor', case: 'one line .gz: zcat floor', bytes: o.bytes });
  items.push({ key: 'gz', case: 'one line .gz: keyhound scan', bytes: o.bytes, floorKey: gzFloor ? 'zcatFloor' : null, target, check });
  emit(results, items, rows);
}
