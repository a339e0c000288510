import type { CliHost } from '../context.js';
import { ComponentMissingError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';

/** Opens the full-screen TUI on the daemon at `socket`; returns when the user quits it. */
export async function tui(host: CliHost, socket: string): Promise<number> {
  let runTui: Awaited<ReturnType<CliHost['runTui']>>;
  try {
    runTui = await host.runTui();
  } catch (error) {
    throw new ComponentMissingError('TUI', error);
  }
  await runTui({ socket });
  return ExitCode.Ok;
}
