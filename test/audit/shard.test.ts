import { describe, expect, test } from '@jest/globals';
import { inShard, parseShard } from '../../src/audit/shard.js';

describe('shards', () => {
  test('i/n and /n with JOB_COMPLETION_INDEX (0-based → index+1)', () => {
    expect(parseShard('2/5', {})).toEqual({ index: 2, count: 5 });
    expect(parseShard('/5', { JOB_COMPLETION_INDEX: '4' })).toEqual({ index: 5, count: 5 });
    expect(parseShard(undefined, {})).toBeUndefined();
    expect(() => parseShard('/5', {})).toThrow('JOB_COMPLETION_INDEX is not set');
    expect(() => parseShard('/5', { JOB_COMPLETION_INDEX: '5' })).toThrow('the index must be 1…5');
    expect(() => parseShard('0/5', {})).toThrow('the index must be 1…5');
    expect(() => parseShard('a/b', {})).toThrow("--shard takes i/n");
  });

  test('every repository is in exactly one of n shards, the same one each time', () => {
    const repos = Array.from({ length: 300 }, (_, i) => `https://git.example.com/org/r${i}.git`);
    const of = (r: string) => [1, 2, 3].filter((index) => inShard(r, { index, count: 3 }));
    expect(repos.every((r) => of(r).length === 1)).toBe(true);
    const sizes = [1, 2, 3].map((index) => repos.filter((r) => inShard(r, { index, count: 3 })).length);
    // A hash spreads them: no shard empty or holding nearly all (300 repos, ~100 each).
    expect(Math.min(...sizes)).toBeGreaterThan(60);
    expect(inShard('https://git.example.com/org/r7.git', { index: of('https://git.example.com/org/r7.git')[0]!, count: 3 })).toBe(true);
    expect(inShard('anything', undefined)).toBe(true);
  });
});
