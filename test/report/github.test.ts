import { describe, expect, it } from '@jest/globals';
import { escapeData, escapeProperty, renderGithub } from '../../src/report/github.js';
import { render } from '../../src/report/index.js';
import type { Provenance } from '../../src/types.js';
import { fileLoc, pairFinding, result } from './fixtures.js';

const opts = { color: false, rules: [], toolVersion: '0.1.0' };

describe('GitHub annotations', () => {
  it('escapes data and property values per the workflow-command rules', () => {
    expect(escapeData('100% a\r\nb')).toBe('100%25 a%0D%0Ab');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });

  it('writes one ::error per location with an escaped file and a redacted message', () => {
    const fx = pairFinding({ locations: [fileLoc('dir,1/a:b.env', 3, 19)] });
    const out = render('github', result([fx.finding]), { ...opts, showSecrets: false });
    const [line] = out.split('\n');
    expect(line).toBe(
      `::error file=dir%2C1/a%3Ab.env,line=3,col=19,endLine=3,endColumn=39,title=keyhound aws-access-key-pair::` +
        `AWS access key pair: AKIA…${fx.keyId.slice(-4)}:${fx.secretKey.slice(0, 4)}…(40) · account ${fx.account} · key long-term` +
        ` at dir,1/a:b.env:3:19`,
    );
    expect(out).not.toContain(fx.keyId);
    expect(out).not.toContain(fx.secretKey);
    expect(render('github', result([fx.finding]), { ...opts, showSecrets: true })).toContain(fx.secretKey);
  });

  it('annotates the outer file of an archive and caps locations at 10', () => {
    const jar: Provenance = { kind: 'archive', outer: { kind: 'file', path: 'dist/app.jar' }, inner: 'conf/a.properties' };
    const locations = [fileLoc('dist/app.jar!conf/a.properties', 1, 1, jar), ...Array.from({ length: 14 }, (_, i) => fileLoc(`f${i}`))];
    const out = renderGithub(result([pairFinding({ locations }).finding]));
    const errors = out.split('\n').filter((l) => l.startsWith('::error '));
    expect(errors).toHaveLength(10);
    expect(errors[0]).toMatch(/^::error file=dist\/app\.jar,line=1,/);
    expect(errors[0]).toContain('at dist/app.jar!conf/a.properties:1:1 (15 locations, first 10 annotated)');
  });

  it('annotates the file, without a line, for a secret in its name', () => {
    const fx = pairFinding({ locations: [{ ...fileLoc('keys/id.env', 1, 6), field: 'name' }] });
    const [line] = renderGithub(result([fx.finding])).split('\n');
    expect(line).toMatch(/^::error file=keys\/id\.env,title=keyhound aws-access-key-pair::.* at keys\/id\.env:1:6 \(in the name\)$/);
  });

  it('emits scan warnings and a plain summary line', () => {
    const res = result([], { warnings: [{ kind: 'unreadable', path: 'x,y', message: 'EACCES:\nno' }] });
    res.summary = { ...res.summary, complete: false };
    const lines = renderGithub(res).trimEnd().split('\n');
    expect(lines[0]).toBe('::warning file=x%2Cy,title=keyhound unreadable::EACCES:%0Ano');
    expect(lines[1]).toMatch(/^keyhound: 0 findings, 12 files \(5\.00 MiB\), 0 warnings, 1\.23 s — INCOMPLETE SCAN$/);
  });
});
