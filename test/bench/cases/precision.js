// Precision on a large real node_modules (issue #14): the packages below are installed once
// into .bench/precision/ (npm, scripts off; this case needs the registry the first time) and
// scanned with every built-in rule. Code and docs of SDKs are full of example keys and
// secret-ish names: every finding is listed by rule and severity for a person to judge, and
// any high or critical finding is flagged (the acceptance wants none a person calls false).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { BENCH, TMP, emit, keyhound, rel } from '../harness.js';
import { measureMany } from '../measure.js';
import { heading, log } from '../report.js';

export const PACKAGES = ['aws-cdk-lib', 'aws-sdk', 'firebase-tools', 'googleapis', '@azure/identity', 'stripe', 'twilio'];

function ensureInstalled() {
  const dir = path.join(BENCH, 'precision');
  const nm = path.join(dir, 'node_modules');
  if (PACKAGES.every((p) => fs.existsSync(path.join(nm, p, 'package.json')))) return nm;
  fs.mkdirSync(dir, { recursive: true });
  log(`  installing ${PACKAGES.join(' ')} into ${rel(dir)} (once)`);
  const r = spawnSync('npm', ['install', '--prefix', dir, '--ignore-scripts', '--no-audit', '--no-fund', ...PACKAGES], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`npm install into ${rel(dir)} failed (exit ${r.status}); the precision case needs the npm registry once`);
  return nm;
}

/** "N rule severity" lines and one line per finding: where, and the redacted match. */
function listFindings(stdout) {
  const doc = JSON.parse(stdout);
  const byRule = new Map();
  for (const f of doc.findings) byRule.set(`${f.ruleId} ${f.severity}`, [...(byRule.get(`${f.ruleId} ${f.severity}`) ?? []), f]);
  for (const [key, fs_] of [...byRule].sort()) {
    log(`    ${String(fs_.length).padStart(4)}  ${key}`);
    for (const f of fs_) log(`          ${f.locations[0].path.split('node_modules/').pop()}:${f.locations[0].line}  ${f.match.slice(0, 90)}`);
  }
  return doc.findings.filter((f) => f.severity === 'high' || f.severity === 'critical');
}

export async function precisionCase({ runs }, rows) {
  const nm = ensureInstalled();
  heading('precision', `${rel(nm)}: ${PACKAGES.length} packages and their dependencies, every built-in rule; median of ${runs}`);
  const results = measureMany([keyhound('kh', 'keyhound scan --format json', ['scan', rel(nm), '--format', 'json'])], { runs, tmpDir: TMP });
  const check = (_row, res) => {
    const high = listFindings(res.stdout);
    return high.map((f) => `MISSED high-severity finding to judge: ${f.ruleId} at ${f.locations[0].path}:${f.locations[0].line}`);
  };
  emit(results, [{ key: 'kh', case: 'precision: real node_modules', target: 'no high/critical finding', check }], rows);
}
