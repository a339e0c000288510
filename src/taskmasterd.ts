/**
 * `taskmasterd [options]`, which is `taskmaster daemon [options]`. It sits beside src/cli and
 * src/daemon rather than in either, because it composes both, as bin/ does.
 */
import { daemonRunOptions } from './cli/commands/daemon.js';
import { exitWhenFlushed } from './cli/exit-codes.js';
import { parseFastPath } from './cli/fast-path.js';
import { runDaemon } from './daemon/main.js';

export { runDaemon };

/**
 * The line every boot runs (path options only) starts the daemon without loading the rest of the
 * CLI, which saves about 9 ms of a cold start; any other line (--help, a bad option) goes to
 * `runCli`, for the CLI's messages and exit codes.
 */
export async function runTaskmasterd(args: string[], runCli: (args: string[]) => Promise<void>): Promise<void> {
  const line = ['daemon', ...args];
  const fast = parseFastPath(line);
  if (fast?.command !== 'daemon') return runCli(line);
  exitWhenFlushed(await runDaemon(daemonRunOptions({ ...fast.paths, socket: fast.socket })));
}
