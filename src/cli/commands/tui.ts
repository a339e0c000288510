import type { CliHost } from '../context.js';
import { loadComponent } from '../errors.js';
import { ExitCode } from '../exit-codes.js';

/** Opens the full-screen TUI on the daemon at `socket`; returns when the user quits it. */
export async function tui(host: CliHost, socket: string): Promise<number> {
  const runTui = await loadComponent('TUI', () => host.runTui());
  await runTui({ socket });
  return ExitCode.Ok;
}
