import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client, DaemonUnreachableError } from '../../client/client.js';
import type { CliHost, CommandContext } from '../context.js';
import { ActionFailedError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { daemonRunOptions, type DaemonFlags } from './daemon.js';
import { tui } from './tui.js';

export interface UpOptions extends DaemonFlags {
  /** -d: start the daemon (if needed) and return instead of opening the TUI. */
  detach?: boolean;
}

const STARTUP_DEADLINE_MS = 10_000;
const POLL_INTERVAL_MS = 50;

/** Makes sure a daemon answers on the socket (starting one in the background if not), then opens the TUI. */
export async function up(ctx: CommandContext, host: CliHost, options: UpOptions): Promise<number> {
  const running = await probe(ctx.socket);
  if (running) {
    ctx.output.out(`taskmaster: a daemon already runs at ${ctx.socket} (pid ${running.pid})\n`);
  } else {
    const started = await startDaemon(host, { ...options, socket: ctx.socket });
    ctx.output.out(`taskmaster: daemon started (pid ${started.pid}) at ${ctx.socket}; its own output goes to ${started.logFile}\n`);
  }
  if (options.detach) return ExitCode.Ok;
  return tui(host, ctx.socket);
}

/** The daemon's pid when one answers, null when nothing does. */
async function probe(socket: string): Promise<{ pid: number } | null> {
  try {
    const { client, hello } = await Client.connect(socket, 'taskmaster up');
    client.close();
    return { pid: hello.pid };
  } catch (error) {
    if (error instanceof DaemonUnreachableError) return null;
    throw error;
  }
}

async function startDaemon(host: CliHost, flags: DaemonFlags): Promise<{ pid: number; logFile: string }> {
  if (!host.daemonEntry) throw new ActionFailedError('cannot start a daemon: the taskmasterd entry point is unknown');
  const options = daemonRunOptions(flags);
  for (const dir of [options.logDir, options.stateDir, dirname(options.socket)]) mkdirSync(dir, { recursive: true });
  const logFile = join(options.logDir, 'daemon.log');
  const log = openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    [host.daemonEntry, '--units', options.unitsDir, '--socket', options.socket, '--log-dir', options.logDir, '--state-dir', options.stateDir],
    // Its own session and process group: the daemon must outlive this command and its terminal.
    { detached: true, stdio: ['ignore', log, log] },
  );
  closeSync(log);
  let exited: string | null = null;
  child.once('exit', (code, signal) => (exited = signal ? `killed by ${signal}` : `exit code ${code}`));
  child.once('error', (error) => (exited = error.message));
  child.unref();

  const deadline = Date.now() + STARTUP_DEADLINE_MS;
  while (Date.now() < deadline) {
    const running = await probe(options.socket);
    if (running) return { pid: running.pid, logFile };
    if (exited !== null) throw new ActionFailedError(`the daemon failed to start (${exited}): ${lastLine(logFile)}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  throw new ActionFailedError(`the daemon did not answer on ${options.socket} within ${STARTUP_DEADLINE_MS / 1000}s; see ${logFile}`);
}

function lastLine(file: string): string {
  try {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    return lines[lines.length - 1] || `see ${file}`;
  } catch {
    return `see ${file}`;
  }
}
