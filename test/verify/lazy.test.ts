// Nothing is sent, and the AWS SDK is not even loaded, unless --verify asks for it: only
// verifier code (src/verify, src/providers/<id>/verify) touches the SDK, only via a dynamic
// import, and no other module imports verifier code statically.
import { describe, expect, test } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const SRC = join(process.cwd(), 'src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Static (non-type-only) import/export-from specifiers of a module. */
function staticImports(source: string): string[] {
  const out: string[] = [];
  const re = /^\s*(import|export)\s+(?!type\b)[^;'"]*?\bfrom\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm;
  for (const m of source.matchAll(re)) out.push(m[2] ?? m[3]);
  return out;
}

describe('verify is lazy', () => {
  const files = tsFiles(SRC);
  // Verifier code: the generic runner and each provider's verifier.
  const isVerifier = (rel: string) => /^(verify|providers\/[^/]+\/verify)\//.test(rel);

  test('no module outside verifier code statically imports verifier code or the AWS SDK', () => {
    const offenders: string[] = [];
    for (const f of files) {
      const rel = relative(SRC, f);
      if (isVerifier(rel)) continue;
      for (const spec of staticImports(readFileSync(f, 'utf8'))) {
        if (/(^|\/)verify(\/|$)/.test(spec) || spec.startsWith('@aws-sdk/')) offenders.push(`${rel}: ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  test('inside verifier code the SDK is only imported dynamically', () => {
    const verifyFiles = files.filter((f) => isVerifier(relative(SRC, f)));
    expect(verifyFiles.map((f) => relative(SRC, f)).filter((r) => r.startsWith('providers/'))).not.toEqual([]);
    for (const f of verifyFiles) {
      expect(staticImports(readFileSync(f, 'utf8')).filter((s) => s.startsWith('@aws-sdk/'))).toEqual([]);
    }
    expect(readFileSync(join(SRC, 'providers', 'aws', 'verify', 'sts.ts'), 'utf8')).toMatch(/import\('@aws-sdk\/client-sts'\)/);
  });

  test('the import scanner sees a static import (so the checks above can fail)', () => {
    expect(staticImports("import { verifyFindings } from '../verify/index.js';\nimport type { X } from './y.js';")).toEqual(['../verify/index.js']);
    expect(staticImports("import { STSClient } from '@aws-sdk/client-sts';")).toEqual(['@aws-sdk/client-sts']);
  });
});
