import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client } from '../client/client.js';
import { resolveSocketPath } from '../client/paths.js';
import type { CliHost, CommandContext } from './context.js';
import { exitWhenFlushed } from './exit-codes.js';
import { parseFastPath, runFastPath } from './fast-path.js';
import { processOutput, type Output } from './output.js';
import type { ProgramSetup } from './program.js';

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
  const setup: ProgramSetup = {
    output,
    mode: 'cli',
    host,
    context: (socketFlag) => connectingContext(output, resolveSocketPath(socketFlag)),
  };
  const fast = parseFastPath(args);
  if (fast) return runFastPath(fast, setup);
  const { runProgram } = await import('./program.js');
  return runProgram({ ...setup, version: readVersion(host) }, args);
}

/** One connection per command, closed when the command is done. */
function connectingContext(output: Output, socket: string): CommandContext {
  return {
    output,
    socket,
    interactiveShell: false,
    async withClient(use) {
      const { client } = await Client.connect(socket);
      try {
        return await use(client);
      } finally {
        client.close();
      }
    },
  };
}

function readVersion(host: CliHost): string {
  const file = host.packageJson ?? fileURLToPath(new URL('../../../package.json', import.meta.url));
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
