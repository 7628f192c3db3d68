// `--shard i/n`: which repositories this run audits. Deterministic (sha256 of the normalised
// repo name, not list order), so n runs on n machines cover every repo exactly once.
import { repoHash } from './repo-list.js';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/**
 * `i/n`, or `/n` with the index from JOB_COMPLETION_INDEX (an Indexed Job's 0-based
 * index, so the shard is index+1). Throws a message for a usage error.
 */
export function parseShard(spec: string | undefined, env: NodeJS.ProcessEnv): Shard | undefined {
  if (spec === undefined) return undefined;
  const m = /^(\d*)\/(\d+)$/.exec(spec.trim());
  if (!m) throw new Error(`--shard takes i/n (e.g. 2/5) or /n (index from JOB_COMPLETION_INDEX), not '${spec}'`);
  const count = Number(m[2]);
  let index: number;
  if (m[1]) index = Number(m[1]);
  else {
    const k = env.JOB_COMPLETION_INDEX;
    if (k === undefined || !/^\d+$/.test(k)) throw new Error(`--shard /${count}: JOB_COMPLETION_INDEX is not set to a whole number`);
    index = Number(k) + 1;
  }
  if (count < 1 || index < 1 || index > count) throw new Error(`--shard ${index}/${count}: the index must be 1…${count}`);
  return { index, count };
}

/** Whether `repo` belongs to `shard` (all repos without one). */
export function inShard(repo: string, shard: Shard | undefined): boolean {
  if (!shard) return true;
  const n = BigInt(`0x${repoHash(repo).slice(0, 12)}`);
  return Number(n % BigInt(shard.count)) === shard.index - 1;
}
