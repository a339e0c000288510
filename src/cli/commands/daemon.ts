import { resolve } from 'node:path';
import { defaultPaths, resolveSocketPath } from '../../client/paths.js';
import type { CliHost, DaemonRunOptions } from '../context.js';
import { loadComponent } from '../errors.js';

export interface DaemonFlags {
  units?: string;
  socket?: string;
  logDir?: string;
  stateDir?: string;
}

/** Fills unset paths from the defaults, made absolute because the daemon may change directory. */
export function daemonRunOptions(flags: DaemonFlags, env: NodeJS.ProcessEnv = process.env): DaemonRunOptions {
  const defaults = defaultPaths(env);
  return {
    unitsDir: resolve(flags.units ?? defaults.unitsDir),
    socket: resolve(resolveSocketPath(flags.socket, env)),
    logDir: resolve(flags.logDir ?? defaults.logDir),
    stateDir: resolve(flags.stateDir ?? defaults.stateDir),
  };
}

/** Runs the daemon in this process; resolves with its exit code once it has shut down. */
export async function daemon(host: CliHost, flags: DaemonFlags): Promise<number> {
  const runDaemon = await loadComponent('daemon', () => host.runDaemon());
  return runDaemon(daemonRunOptions(flags));
}
