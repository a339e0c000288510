import { join } from 'node:path';
import { Client } from '../../client/client.js';
import { defaultPaths } from '../../client/paths.js';
import type { CommandContext } from '../context.js';
import { HistoryFile } from '../shell/history.js';
import { runShell } from '../shell/session.js';

export interface ShellOptions {
  stateDir?: string;
}

export async function shell(ctx: CommandContext, options: ShellOptions): Promise<number> {
  const interactive = process.stdin.isTTY === true;
  // Commands piped in are a script, not a session: no prompt, no colour, nothing added to the history.
  const output = interactive
    ? ctx.output
    : { color: false, out: (text: string) => ctx.output.out(text), err: (text: string) => ctx.output.err(text) };
  const history = interactive ? new HistoryFile(join(options.stateDir ?? defaultPaths().stateDir, 'shell_history')) : null;
  const { client } = await Client.connect(ctx.socket, 'taskmaster shell');
  try {
    return await runShell({ client, socket: ctx.socket, output, input: process.stdin, interactive, history });
  } finally {
    client.close();
  }
}
