import { cliSetup } from './cli-setup.js';
import type { CliHost } from './context.js';
import { exitWhenFlushed } from './exit-codes.js';
import { parseFastPath, runFastPath } from './fast-path.js';
import { processOutput, type Output } from './output.js';

export type { CliHost } from './context.js';

/**
 * The entry point of bin/taskmaster.js and bin/taskmasterd.js: runs one command line, then ends the
 * process with its exit code once stdout and stderr are flushed. The only place that calls process.exit.
 */
export async function runCli(args: string[], host: CliHost): Promise<void> {
  // `taskmaster logs web | head` closes our stdout early: that is a normal way to stop, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => process.exit(error.code === 'EPIPE' ? 0 : 1));
  const code = await executeCli(args, host);
  exitWhenFlushed(code);
}

/** Runs one command line and resolves with its exit code; never exits the process (tests call it). */
export async function executeCli(args: string[], host: CliHost, output: Output = processOutput()): Promise<number> {
  const fast = parseFastPath(args);
  if (fast) return runFastPath(fast, cliSetup(output, host));
  const { runCommanderLine } = await import('./commander-line.js');
  return runCommanderLine(args, host, output);
}
