// The git history case on any repository: `git cat-file --batch-all-objects --batch` (the
// cost of reading every object once) against `keyhound git` in JSON and text.
import { ROOT, TMP, emit, keyhound, missed, rel } from '../harness.js';
import { measureMany, runOnce } from '../measure.js';
import { MB, fmt, heading } from '../report.js';

/**
 * h: { repo, commits, refs, blobs, bytes, packBytes }; target: { ratio, goal, rssMB }; prefix
 * names the rows; compared: another build's spec and rows (run.js compared()), if any.
 */
export function gitCase({ h, title, detail, runs, rows, prefix, target, compared = { specs: [], items: [] } }) {
  heading(
    title,
    `${detail ?? rel(h.repo)}: ${h.commits} commits, ${h.refs} refs, ${h.blobs} blobs = ${fmt.mb(h.bytes)} unique, pack ${fmt.mb(h.packBytes)}; median of ${runs}`,
  );
  const floor = { key: 'floor', label: 'floor: cat-file --batch-all-objects', cmd: 'git', args: ['-C', h.repo, 'cat-file', '--batch-all-objects', '--batch'], cwd: ROOT };
  runOnce(floor, TMP); // warm-up
  const repoArg = rel(h.repo);
  const json = keyhound('json', 'keyhound git --format json', ['git', repoArg, '--format', 'json']);
  const text = keyhound('text', 'keyhound git (text)', ['git', repoArg]);
  const aws = target.awsOnly ? [keyhound('aws', 'keyhound git --format json, AWS rules only', ['git', repoArg, '--format', 'json'], target.awsOnly())] : [];
  const results = measureMany([floor, json, text, ...aws, ...compared.specs], { runs, tmpDir: TMP });
  const check = (r) => [
    ...missed(r.ratio > target.ratio, `${fmt.ratio(r.ratio)} > ${target.ratio}× floor`),
    ...(r.ratio > target.goal && r.ratio <= target.ratio ? [`goal ${target.goal}× not reached`] : []),
    ...missed(r.rss != null && r.rss >= target.rssMB * MB, `RSS ${fmt.mb(r.rss)} ≥ ${target.rssMB} MB`),
  ];
  const label = `≤ ${target.ratio}× (goal ${target.goal}×), RSS < ${target.rssMB} MB`;
  emit(
    results,
    [
      { key: 'floor', case: `${prefix}: cat-file floor`, bytes: h.bytes },
      { key: 'json', case: `${prefix}: keyhound json`, bytes: h.bytes, floorKey: 'floor', target: label, check },
      { key: 'text', case: `${prefix}: keyhound text`, bytes: h.bytes, floorKey: 'floor', target: label, check },
      ...(aws.length ? [{ key: 'aws', case: `${prefix}: AWS rules only (json)`, bytes: h.bytes, floorKey: 'floor' }, target.shipped(prefix, 'json')] : []),
      ...compared.items,
    ],
    rows,
  );
}
