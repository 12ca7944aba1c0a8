/** Process exit codes, as documented in the README and ARCHITECTURE.md. */
export const EXIT = {
  ok: 0,
  /** an `expect` assertion or a validation reference failed */
  expectationFailed: 1,
  /** invalid input or usage: a clear message, never a stack trace */
  badInput: 2,
  /** a bug in clustersim */
  internal: 3,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
