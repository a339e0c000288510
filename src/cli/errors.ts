import { ExitCode } from './exit-codes.js';

/** The command line is wrong in a way commander cannot see (a bad target, a bad count). */
export class UsageError extends Error {
  readonly exitCode = ExitCode.Usage;
}

/** A NAME given on the command line is not a unit the daemon (or the units directory) knows. */
export class NoSuchUnitError extends Error {
  readonly exitCode = ExitCode.NoSuchUnit;
  constructor(readonly names: string[]) {
    super(`no such unit: ${names.join(', ')}`);
  }
}

/** A lazily loaded part (the daemon or the TUI) is not in this build. */
export class ComponentMissingError extends Error {
  readonly exitCode = ExitCode.ActionFailed;
  constructor(component: string, cause: unknown) {
    super(`the ${component} is not available in this build (${cause instanceof Error ? cause.message : String(cause)})`);
  }
}

/** Loads a lazily imported part (the daemon, the TUI), turning a failed import into ComponentMissingError. */
export async function loadComponent<T>(component: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    throw new ComponentMissingError(component, error);
  }
}

/** Something the user asked for did not happen; the message says what. */
export class ActionFailedError extends Error {
  readonly exitCode = ExitCode.ActionFailed;
}
