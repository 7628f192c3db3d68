// Exit codes, decided in one place: 0 nothing found, 1 findings, 2 usage/config/fatal,
// 3 --fail-on live found no live key but could not verify some (cli/unverified.ts),
// 130 interrupted by SIGINT, 143 by SIGTERM (partial report written).
export const EXIT = { OK: 0, FINDINGS: 1, ERROR: 2, UNVERIFIED: 3, INTERRUPTED: 130, TERMINATED: 143 } as const;

/** Bad flags or arguments: exit 2 with the message. */
export class UsageError extends Error {
  readonly exitCode = EXIT.ERROR;
}
