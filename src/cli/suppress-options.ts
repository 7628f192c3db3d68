// The suppression flags of every scanning command, apart from their handling (cli/suppress.ts)
// so that main.ts, which every run loads, stays light.
/** The flags, for every scanning command (main.ts adds them with yargs' .options()). */
export const SUPPRESS_OPTIONS = {
  baseline: { type: 'string', describe: 'baseline file (from `keyhound baseline`): its findings are not reported, nor verified' },
  'baseline-update': { type: 'boolean', default: false, describe: 'with --baseline: after the scan, add new findings to the file and drop those gone' },
  suppress: { type: 'boolean', default: true, describe: 'honour suppressions (--no-suppress: report everything — inline markers, ignore files, baselines, allowlists — for an audit)' },
  'report-unused': { type: 'boolean', default: false, describe: 'list baseline, ignore-file and allowlist entries that matched nothing (exit code unchanged)' },
} as const;
