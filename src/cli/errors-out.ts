/** Prints input errors for a person: every issue, positioned, with its hint; then the exit code. */
import { ConfigError, formatIssue, UsageError } from '../config/errors.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import { line, type CliIO } from './io.ts';

export function reportFailure(err: unknown, io: CliIO): ExitCode {
  if (err instanceof ConfigError) {
    for (const issue of err.issues) line(io.stderr, formatIssue(issue));
    const n = err.issues.length;
    line(io.stderr, `${n} error${n === 1 ? '' : 's'}; nothing was written.`);
    return EXIT.badInput;
  }
  if (err instanceof UsageError) {
    line(io.stderr, `clustersim: ${err.message}`);
    if (err.hint) line(io.stderr, `    hint: ${err.hint}`);
    return EXIT.badInput;
  }
  const e = err as Error;
  line(io.stderr, `clustersim: internal error: ${e?.message ?? String(err)}`);
  if (process.env.CLUSTERSIM_DEBUG) line(io.stderr, e?.stack ?? '');
  else line(io.stderr, 'This is a bug in clustersim; rerun with CLUSTERSIM_DEBUG=1 for the stack trace and report it.');
  return EXIT.internal;
}

export { UsageError };
