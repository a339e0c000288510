import { readFileSync } from 'node:fs';
import { ConnectionClosedError } from '../../client/client.js';
import { PROTOCOL_VERSION } from '../../protocol/version.js';
import type { CommandContext } from '../context.js';
import { ActionFailedError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';

/** Stopping every process may take each unit's stop-timeout; this only bounds a daemon that hangs. */
const SHUTDOWN_DEADLINE_MS = 120_000;

/**
 * Asks the daemon to stop everything and exit, and returns once it has closed the connection and
 * its process is gone, so that `taskmaster shutdown && taskmasterd ...` never finds the old one.
 */
export async function shutdown(ctx: CommandContext): Promise<number> {
  const deadline = Date.now() + SHUTDOWN_DEADLINE_MS;
  const pid = await ctx.withClient(async (client) => {
    const { pid } = await client.request('hello', { protocol: PROTOCOL_VERSION, client: 'taskmaster shutdown' });
    const closed = new Promise<void>((resolve) => client.onClose(resolve));
    try {
      await client.request('shutdown', {});
    } catch (error) {
      // A daemon may close the socket before its answer is flushed; that is the outcome we want.
      if (!(error instanceof ConnectionClosedError)) throw error;
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), deadline - Date.now())));
    const outcome = await Promise.race([closed, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') throw new ActionFailedError(`the daemon at ${ctx.socket} did not exit within ${SHUTDOWN_DEADLINE_MS / 1000}s`);
    return pid;
  });
  while (processExists(pid)) {
    if (Date.now() > deadline) throw new ActionFailedError(`the daemon (pid ${pid}) closed its socket but did not exit`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  ctx.output.out(`daemon at ${ctx.socket} stopped\n`);
  return ExitCode.Ok;
}

/**
 * False once the pid is gone or a zombie (exited; its parent has not reaped it yet). Also false
 * when we may not signal it (another user's daemon): then we cannot tell, and do not wait.
 */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}
