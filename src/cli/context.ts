import type { Client } from '../client/client.js';
import type { Output } from './output.js';

/**
 * What a command runs against. The CLI opens one connection per command and closes it afterwards;
 * the shell lends its single long-lived connection to every command.
 */
export interface CommandContext {
  output: Output;
  /** The socket path commands talk to (resolved from --socket, TASKMASTER_SOCKET or the default). */
  socket: string;
  /** True inside `taskmaster shell`, where following logs is not offered. */
  interactiveShell: boolean;
  withClient<T>(use: (client: Client) => Promise<T>): Promise<T>;
}

/** Everything the entry points inject so that src/cli never imports the daemon or the TUI. */
export interface CliHost {
  runDaemon(): Promise<(options: DaemonRunOptions) => Promise<number>>;
  runTui(): Promise<(options: { socket: string }) => Promise<void>>;
  /** Absolute path of bin/taskmasterd.js, which `up` starts in the background. */
  daemonEntry?: string;
  /** Absolute path of package.json, read for --version. */
  packageJson?: string;
}

/** The same shape as src/daemon/options.ts DaemonOptions, restated because src/cli may not import the daemon. */
export interface DaemonRunOptions {
  unitsDir: string;
  socket: string;
  logDir: string;
  stateDir: string;
}
