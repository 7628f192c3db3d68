// The data an org audit (`keyhound repos`) passes between its parts: the per-repo summary row
// the reports print, and how repositories are enumerated from a hosting API.

/** One repository of an audit, as the per-repo summary table shows it. */
export interface RepoSummary {
  /** The repository as listed, normalised, with any credentials removed from its URL. */
  repo: string;
  /**
   * scanned: full result; failed: clone/fetch/scan failed (see reason); resumed: taken from the
   * state file; unchanged (--incremental): no ref moved since the state file's record, nothing
   * scanned; updated (--incremental): only what new commits added was scanned, merged with the record.
   */
  status: 'scanned' | 'failed' | 'resumed' | 'unchanged' | 'updated';
  reason?: string;
  commits: number;
  blobs: number;
  findings: number;
  live: number;
  warnings: number;
  durationMs: number;
}

/**
 * Where `keyhound repos` lists an organisation's repositories through a hosting API. Which
 * hosts can be enumerated, and how, is provider knowledge (src/providers/<id>/, `enumerate`);
 * this is what the CLI hands over.
 */
export interface EnumerateOptions {
  /** The provider id whose enumerator lists the repositories. */
  provider: string;
  /** The organisation / group name. */
  owner: string;
  /** Enterprise / self-hosted API base URL; the provider's public API when absent. */
  apiUrl?: string;
  /** The token comes from here (never from a flag: it would show in `ps`). */
  env: NodeJS.ProcessEnv;
  /** Injected in tests. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  warn?: (message: string) => void;
}
