// Lists the clone URLs of an organisation's repositories through the provider that knows the
// host's API (src/providers/<id>/: `enumerate`).
import type { EnumerateOptions } from '../types.js';

export async function enumerateRepos(o: EnumerateOptions): Promise<string[]> {
  throw new Error(`listing repositories through ${o.provider}: not implemented yet`);
}
