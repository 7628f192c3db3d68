// The directory walk itself (src/sources/walk.ts), below the CLI: every file of a tree once,
// and the event loop keeps turning while it lists (results from workers come in, batches go
// out, Ctrl-C is heard), although directories are listed synchronously.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { walkDir, type WalkState } from '../../src/sources/walk.js';
import { EXCLUDE_NOTHING } from '../../src/sources/exclude.js';
import type { SourceContext } from '../../src/sources/source.js';
import type { ScanWarning } from '../../src/types.js';
import { cleanupRepos, tempDir } from '../helpers/git-repo.js';

afterAll(cleanupRepos);

function context(signal = new AbortController().signal): SourceContext & { warnings: ScanWarning[] } {
  const warnings: ScanWarning[] = [];
  return { warnings, warn: (w) => warnings.push(w), count: () => {}, signal };
}

const state = (): WalkState => ({ exclude: EXCLUDE_NOTHING, seenReal: new Set(), visitedDirs: new Set() });

/** A tree of `dirs` directories, `root/d<i>/f.txt` each, plus one file at the root. */
function tree(dirs: number): string {
  const root = tempDir('keyhound-walk-');
  writeFileSync(join(root, 'top.txt'), 'x');
  for (let i = 0; i < dirs; i++) {
    mkdirSync(join(root, `d${i}`));
    writeFileSync(join(root, `d${i}`, 'f.txt'), String(i));
  }
  return root;
}

describe('walkDir', () => {
  it('yields every file once, with its display path', async () => {
    const root = tree(5);
    const ctx = context();
    const seen: string[] = [];
    for await (const files of walkDir({ path: root, display: 'R' }, state(), ctx)) seen.push(...files.map((f) => f.display));
    expect(seen.sort()).toEqual(['R/d0/f.txt', 'R/d1/f.txt', 'R/d2/f.txt', 'R/d3/f.txt', 'R/d4/f.txt', 'R/top.txt']);
    expect(ctx.warnings).toEqual([]);
  });

  it('lets the event loop turn while it lists a large tree', async () => {
    const root = tree(300);
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    let files = 0;
    // The consumer does no I/O of its own: only the walk can give the loop a turn.
    for await (const batch of walkDir({ path: root, display: 'R' }, state(), context())) files += batch.length;
    ticking = false;
    expect(files).toBe(301);
    // 301 listings, a turn every 64: at least 4 turns of the loop happened during the walk.
    expect(turns).toBeGreaterThanOrEqual(4);
  });

  it('stops listing once aborted', async () => {
    const root = tree(20);
    const abort = new AbortController();
    let batches = 0;
    for await (const _ of walkDir({ path: root, display: 'R' }, state(), context(abort.signal))) {
      batches++;
      abort.abort();
    }
    expect(batches).toBe(1);
  });
});
