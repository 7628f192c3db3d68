// Preloaded with `node --import` into a measured Node child when GNU time is not
// available: on exit, writes the process's peak RSS (kB, worker threads included).
import fs from 'node:fs';

const out = process.env.KEYHOUND_BENCH_RSS_FILE;
if (out) {
  process.on('exit', () => {
    try {
      fs.writeFileSync(out, `${process.resourceUsage().maxRSS}\n`);
    } catch {
      // measuring must never change the measured program's outcome
    }
  });
}
