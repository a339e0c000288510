import { ConnectionClosedError } from '../../client/client.js';
import type { CommandContext } from '../context.js';
import { ActionFailedError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';

/** Stopping every process may take each unit's stop-timeout; this only bounds a daemon that hangs. */
const SHUTDOWN_DEADLINE_MS = 120_000;

/** Asks the daemon to stop everything and exit, and returns once it has closed the connection. */
export async function shutdown(ctx: CommandContext): Promise<number> {
  await ctx.withClient(async (client) => {
    const closed = new Promise<void>((resolve) => client.onClose(resolve));
    try {
      await client.request('shutdown', {});
    } catch (error) {
      // A daemon may close the socket before its answer is flushed; that is the outcome we want.
      if (!(error instanceof ConnectionClosedError)) throw error;
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), SHUTDOWN_DEADLINE_MS)));
    const outcome = await Promise.race([closed, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') throw new ActionFailedError(`the daemon at ${ctx.socket} did not exit within ${SHUTDOWN_DEADLINE_MS / 1000}s`);
  });
  ctx.output.out(`daemon at ${ctx.socket} stopped\n`);
  return ExitCode.Ok;
}
