// The one error a configuration can be: every problem, each as `file:line: key: what` (exit 2).
// Its own module: finding a config (find.ts) must not load the YAML parser.
/** A config file that cannot be used: exit 2, every problem listed as `file:line: key: what`. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }

  override get name(): string {
    return 'ConfigError';
  }
}
