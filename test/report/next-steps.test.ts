import { describe, expect, it } from '@jest/globals';
import { commentFor, nextSteps } from '../../src/report/next-steps.js';
import { fileLoc, gitProvenance, pairFinding } from './fixtures.js';

describe('next steps', () => {
  it('names the comment of the file\'s language, and none for JSON', () => {
    expect(commentFor('app/settings.py')).toBe('# keyhound:allow');
    expect(commentFor('deploy/.env.production')).toBe('# keyhound:allow');
    expect(commentFor('home/.aws/credentials')).toBe('# keyhound:allow');
    expect(commentFor('src/config.ts')).toBe('// keyhound:allow');
    expect(commentFor('db/seed.sql')).toBe('-- keyhound:allow');
    expect(commentFor('web.config')).toBe('<!-- keyhound:allow -->');
    expect(commentFor('notes.weird')).toBe('a comment holding keyhound:allow');
    expect(commentFor('package.json')).toBeUndefined();
  });

  it('allows a pair on each of its lines; a JSON file gets only rotate and baseline', () => {
    const fx = pairFinding();
    expect(nextSteps(fx.finding).allow).toBe('allow: if it is not a real secret, end lines 3 and 4 of config/prod.env with # keyhound:allow');
    const one = pairFinding({ locations: [fileLoc('a/b.js', 2, 5)], parts: [] });
    expect(nextSteps(one.finding).allow).toBe('allow: if it is not a real secret, end line 2 of a/b.js with // keyhound:allow');
    const json = pairFinding({ locations: [fileLoc('creds.json', 2, 5)], parts: [] });
    const steps = nextSteps(json.finding);
    expect(steps.allow).toBeUndefined();
    expect(steps.revoke?.commands).toEqual([
      `aws iam update-access-key --access-key-id ${json.keyId} --status Inactive`,
      `aws iam delete-access-key --access-key-id ${json.keyId}`,
    ]);
    expect(steps.baseline).toBe('baseline: keyhound baseline --output .keyhound-baseline.json (accepts the current findings; then scan with --baseline .keyhound-baseline.json)');
  });

  it('a secret only a history holds is baselined from the history (--git)', () => {
    const old = pairFinding({ locations: [fileLoc('config/prod.env', 3, 1, gitProvenance('config/prod.env'))], parts: [] });
    expect(nextSteps(old.finding).baseline).toBe('baseline: keyhound baseline --git --output .keyhound-baseline.json (accepts the current findings; then scan with --baseline .keyhound-baseline.json)');
    expect(nextSteps(old.finding).allow).toBeUndefined();
  });
});
