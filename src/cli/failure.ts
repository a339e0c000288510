import { ConnectionClosedError, DaemonUnreachableError, RpcError } from '../client/client.js';
import { ExitCode } from './exit-codes.js';
import type { Output } from './output.js';

// errors.js alone: the protocol's index would load zod, and the CLI must start fast.
import { ErrorCode } from '../protocol/errors.js';

const EXIT_CODE_OF_RPC_ERROR: Partial<Record<number, number>> = {
  [ErrorCode.NoSuchUnit]: ExitCode.NoSuchUnit,
  [ErrorCode.InvalidUnit]: ExitCode.InvalidUnits,
};

/**
 * Turns any error a command threw into one line on stderr and an exit code. Shared by the CLI and
 * the shell so both say the same thing.
 */
export function reportFailure(error: unknown, output: Output): number {
  const { code, message } = describeFailure(error);
  output.err(`taskmaster: ${message}\n`);
  return code;
}

export function describeFailure(error: unknown): { code: number; message: string } {
  if (error instanceof DaemonUnreachableError) {
    return {
      code: ExitCode.DaemonUnreachable,
      message: `no daemon at ${error.socketPath} — start one with 'taskmaster up' or 'taskmasterd'`,
    };
  }
  if (error instanceof ConnectionClosedError) {
    return { code: ExitCode.DaemonUnreachable, message: 'the daemon closed the connection' };
  }
  if (error instanceof RpcError) {
    return { code: EXIT_CODE_OF_RPC_ERROR[error.code] ?? ExitCode.ActionFailed, message: error.message };
  }
  if (error instanceof Error && 'exitCode' in error && typeof error.exitCode === 'number') {
    return { code: error.exitCode, message: error.message };
  }
  return { code: ExitCode.ActionFailed, message: error instanceof Error ? error.message : String(error) };
}
