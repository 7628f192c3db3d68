// The engine is pure (DESIGN.md): text in, matches out. It does no I/O, starts no process or
// thread, and knows nothing of where text comes from (sources, decode, the runtime) or where
// findings go (report, verify). This reads every module under src/engine/ and fails on an
// import of any of those, naming the file and the import.
import { describe, expect, test } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const ENGINE = join(process.cwd(), 'src', 'engine');

/** Node built-ins that do I/O or run code elsewhere. node:vm is allowed: see engine/bounds.ts. */
const FORBIDDEN_BUILTINS = ['fs', 'fs/promises', 'child_process', 'worker_threads', 'net', 'http', 'https', 'dgram', 'cluster', 'os', 'process'];
/** Project directories the engine must not reach into. */
const FORBIDDEN_DIRS = ['sources', 'decode', 'report', 'verify', 'runtime', 'cli'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : /\.ts$/.test(e.name) ? [join(dir, e.name)] : []));
}

/** Every module specifier a file names: static imports/exports, dynamic import(), require(). */
export function specifiers(source: string): string[] {
  const out: string[] = [];
  const re = /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of source.matchAll(re)) out.push(m[1] ?? m[2] ?? m[3] ?? m[4]!);
  return out;
}

/** Why `spec`, imported by `file`, is forbidden in the engine, or undefined. */
export function forbidden(file: string, spec: string): string | undefined {
  const bare = spec.replace(/^node:/, '');
  if (FORBIDDEN_BUILTINS.includes(bare)) return `Node built-in '${spec}'`;
  if (!spec.startsWith('.')) return undefined;
  const target = relative(join(process.cwd(), 'src'), join(file, '..', spec));
  const top = target.split(/[\\/]/)[0]!;
  return FORBIDDEN_DIRS.includes(top) ? `src/${top}/` : undefined;
}

describe('engine purity', () => {
  test('no module under src/engine/ imports I/O, threads, sources, decode, runtime, report or verify', () => {
    const files = filesUnder(ENGINE);
    expect(files.length).toBeGreaterThan(5);
    const bad: string[] = [];
    for (const f of files) {
      for (const spec of specifiers(readFileSync(f, 'utf8'))) {
        const why = forbidden(f, spec);
        if (why) bad.push(`${relative(process.cwd(), f)} imports '${spec}' (${why})`);
      }
    }
    expect(bad).toEqual([]);
  });

  test('the check catches each kind of forbidden import', () => {
    const f = join(ENGINE, 'x.ts');
    const src = [
      "import { readFileSync } from 'node:fs';",
      "import type { Provenance } from '../sources/provenance.js';",
      "const m = await import('../decode/index.js');",
      "export { x } from '../runtime/pool.js';",
      "import vm from 'node:vm';",
      "import { shannonEntropy } from './entropy.js';",
    ].join('\n');
    const found = specifiers(src).map((s) => [s, forbidden(f, s)]);
    expect(found).toEqual([
      ['node:fs', "Node built-in 'node:fs'"],
      ['../sources/provenance.js', 'src/sources/'],
      ['../decode/index.js', 'src/decode/'],
      ['../runtime/pool.js', 'src/runtime/'],
      ['node:vm', undefined],
      ['./entropy.js', undefined],
    ]);
  });
});
