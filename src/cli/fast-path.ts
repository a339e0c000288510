import type { DaemonFlags } from './commands/daemon.js';
import type { ProgramSetup } from './program.js';
import { reportFailure } from './failure.js';

/**
 * The lines scripts run in loops (`status [--json] [NAME...]`, `start|stop|restart [--no-wait]
 * TARGET...`, `reload [--dry-run]`, each with --socket before or after) and the daemon's own line
 * (`daemon [--units|--log-dir|--state-dir DIR]`, which every cold start runs) are recognised here
 * without loading commander, which is a third of the CLI's startup. Only lines that are
 * unambiguous are taken: any other word (help, an unknown or repeated-style option, `--x=y`, `--`,
 * a missing value) returns null and the line goes to commander, which then parses it exactly as
 * always. test/unit/cli checks that both produce the same request and output for every line taken here.
 */
export type FastInvocation =
  | { command: 'status'; socket: string | undefined; names: string[]; json: boolean }
  | { command: 'start' | 'stop' | 'restart'; socket: string | undefined; targets: string[]; wait: boolean }
  | { command: 'reload'; socket: string | undefined; dryRun: boolean }
  | { command: 'daemon'; socket: string | undefined; paths: DaemonPathFlags };

type DaemonPathFlags = Omit<DaemonFlags, 'socket'>;

const DAEMON_PATH_OPTIONS: Record<string, keyof DaemonPathFlags> = { '--units': 'units', '--log-dir': 'logDir', '--state-dir': 'stateDir' };

const CONTROL = new Set(['start', 'stop', 'restart']);

export function parseFastPath(words: string[]): FastInvocation | null {
  let i = 0;
  let outerSocket: string | undefined;
  for (; i < words.length && words[i].startsWith('-'); i += 2) {
    if (words[i] !== '--socket' || !isValue(words[i + 1])) return null;
    outerSocket = words[i + 1];
  }
  const command = words[i];
  if (command !== 'status' && command !== 'reload' && command !== 'daemon' && !CONTROL.has(command)) return null;
  let innerSocket: string | undefined;
  let json = false;
  let wait = true;
  let dryRun = false;
  const positional: string[] = [];
  const paths: DaemonPathFlags = {};
  for (i++; i < words.length; i++) {
    const word = words[i];
    if (!word.startsWith('-')) positional.push(word);
    else if (word === '--socket' && isValue(words[i + 1])) innerSocket = words[++i];
    else if (command === 'daemon' && Object.hasOwn(DAEMON_PATH_OPTIONS, word) && isValue(words[i + 1])) paths[DAEMON_PATH_OPTIONS[word]] = words[++i];
    else if (word === '--json' && command === 'status') json = true;
    else if (word === '--no-wait' && CONTROL.has(command)) wait = false;
    else if (word === '--dry-run' && command === 'reload') dryRun = true;
    else return null;
  }
  // Commander lets the option written after the command win over the program's.
  const socket = innerSocket ?? outerSocket;
  if (command === 'status') return { command, socket, names: positional, json };
  if (command === 'reload') return positional.length === 0 ? { command, socket, dryRun } : null;
  if (command === 'daemon') return positional.length === 0 ? { command, socket, paths } : null;
  if (positional.length === 0) return null;
  return { command: command as 'start' | 'stop' | 'restart', socket, targets: positional, wait };
}

function isValue(word: string | undefined): word is string {
  return word !== undefined && word !== '' && !word.startsWith('-');
}

/** Runs a recognised line with the same command code and failure reporting as the commander path. */
export async function runFastPath(invocation: FastInvocation, setup: ProgramSetup): Promise<number> {
  try {
    if (invocation.command === 'daemon') {
      if (!setup.host) throw new Error('internal: no CliHost was injected');
      const { daemon } = await import('./commands/daemon.js');
      return await daemon(setup.host, { ...invocation.paths, socket: invocation.socket });
    }
    const context = setup.context(invocation.socket);
    if (invocation.command === 'status') {
      const { status } = await import('./commands/status.js');
      return await status(context, invocation.names, { json: invocation.json });
    }
    if (invocation.command === 'reload') {
      const { reload } = await import('./commands/reload.js');
      return await reload(context, { dryRun: invocation.dryRun });
    }
    const { control } = await import('./commands/control.js');
    return await control(context, invocation.command, invocation.targets, { wait: invocation.wait });
  } catch (error) {
    return reportFailure(error, setup.output);
  }
}
