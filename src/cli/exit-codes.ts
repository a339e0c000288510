/**
 * The `taskmaster` CLI's exit codes. Scripts depend on these: never renumber, only add.
 * The same table is printed at the end of `taskmaster --help`.
 */
export const ExitCode = {
  /** Everything asked for was done. */
  Ok: 0,
  /** The daemon was reached but an action failed (a target ended FATAL, a wait timed out, ...). */
  ActionFailed: 1,
  /** The command line was wrong: unknown command or option, bad target syntax, missing argument. */
  Usage: 2,
  /** Nothing answers on the control socket. */
  DaemonUnreachable: 3,
  /** A NAME given on the command line is not a known unit. */
  NoSuchUnit: 4,
  /** `check` found invalid unit files. */
  InvalidUnits: 5,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export const EXIT_CODES_HELP = `Exit codes:
  0  ok
  1  an action failed (e.g. a process could not be started)
  2  usage error
  3  daemon unreachable
  4  no such unit
  5  invalid unit files (check)`;

/** Ends the process with `code` once stdout and stderr are flushed: the one way both entry points exit. */
export function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}
