import { Client } from '../client/client.js';
import { resolveSocketPath } from '../client/paths.js';
import type { CliHost, CommandContext } from './context.js';
import type { Output } from './output.js';
import type { ProgramSetup } from './program.js';

/**
 * How a command line from the CLI (not the shell) runs: one connection per command. The fast path
 * and the commander path each build it in their own bundle, so that no object crosses from one
 * bundle's classes to the other's (instanceof would fail across that line).
 */
export function cliSetup(output: Output, host: CliHost): ProgramSetup {
  return { output, mode: 'cli', host, context: (socketFlag) => connectingContext(output, resolveSocketPath(socketFlag)) };
}

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
