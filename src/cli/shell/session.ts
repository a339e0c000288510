import { createInterface, type Interface } from 'node:readline';
import type { Client } from '../../client/client.js';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { reportFailure } from '../failure.js';
import type { Output } from '../output.js';
import { buildProgram, runProgram, SHELL_COMMANDS, type ProgramSetup } from '../program.js';
import { createCompleter } from './completion.js';
import type { HistoryFile } from './history.js';
import { splitWords } from './words.js';

export interface ShellSession {
  client: Client;
  socket: string;
  output: Output;
  input: NodeJS.ReadableStream;
  /** A terminal: prompt, line editing, completion and history. Otherwise commands are read silently. */
  interactive: boolean;
  /** Null when history is not kept (non-interactive input). */
  history: HistoryFile | null;
}

export const PROMPT = 'taskmaster> ';
const SHELL_OWN = ['help', 'exit', 'quit'];

/** Runs commands until exit, quit, end of input or the daemon going away; resolves with the last command's exit code. */
export async function runShell(session: ShellSession): Promise<number> {
  const { client, output, interactive } = session;
  const context: CommandContext = {
    output,
    socket: session.socket,
    interactiveShell: true,
    withClient: (use) => use(client),
  };
  const setup: ProgramSetup = { output, mode: 'shell', context: () => context };
  const rl = openReadline(session);

  let daemonGone = false;
  client.onClose(() => {
    daemonGone = true;
    rl.close();
  });
  let busy = false;
  rl.on('SIGINT', () => {
    // Like bash: Ctrl-C abandons the line being typed; it does not end the shell.
    if (busy) return;
    rl.write(null, { ctrl: true, name: 'e' });
    rl.write(null, { ctrl: true, name: 'u' });
    output.out('^C\n');
    rl.prompt();
  });

  let lastCode: number = ExitCode.Ok;
  if (interactive) rl.prompt();
  for await (const line of rl) {
    busy = true;
    const outcome = await execute(setup, line);
    busy = false;
    if (outcome === 'quit') break;
    if (outcome !== null) lastCode = outcome;
    if (outcome !== null) session.history?.append(line.trim());
    if (daemonGone) break;
    if (interactive) rl.prompt();
  }
  rl.close();
  if (daemonGone && lastCode !== ExitCode.DaemonUnreachable) {
    output.err(`taskmaster: the daemon at ${session.socket} closed the connection\n`);
    lastCode = ExitCode.DaemonUnreachable;
  } else if (interactive) {
    output.out('\n');
  }
  return lastCode;
}

function openReadline(session: ShellSession): Interface {
  if (!session.interactive) return createInterface({ input: session.input, terminal: false, crlfDelay: Infinity });
  const names = [...SHELL_COMMANDS, ...SHELL_OWN];
  return createInterface({
    input: session.input,
    output: process.stdout,
    terminal: true,
    prompt: PROMPT,
    completer: createCompleter(names, session.client),
    history: session.history?.load() ?? [],
    historySize: 1000,
    removeHistoryDuplicates: true,
  });
}

/** The exit code of the command on `line`, null for a blank line, 'quit' to leave. */
async function execute(setup: ProgramSetup, line: string): Promise<number | 'quit' | null> {
  let words: string[];
  try {
    words = splitWords(line);
  } catch (error) {
    return reportFailure(error, setup.output);
  }
  if (words.length === 0 || words[0].startsWith('#')) return null;
  const [name, ...rest] = words;
  if (name === 'exit' || name === 'quit') return 'quit';
  if (name === 'help' || name === '?') return help(setup, rest);
  if (!(SHELL_COMMANDS as readonly string[]).includes(name)) {
    setup.output.err(`taskmaster: unknown command '${name}' — type 'help' for the list\n`);
    return ExitCode.Usage;
  }
  return runProgram(setup, words);
}

/** `help` lists the commands from the same definitions the CLI uses; `help CMD` shows CMD's own help. */
async function help(setup: ProgramSetup, topic: string[]): Promise<number> {
  if (topic.length > 0) return runProgram(setup, [topic[0], '--help']);
  const program = buildProgram(setup, () => {});
  const rows = program.commands.map((command) => [`${command.name()} ${command.usage()}`.trim(), command.description()]);
  rows.push(['help [COMMAND]', 'list commands, or show the options of one'], ['exit, quit', 'leave the shell (or Ctrl-D)']);
  const width = Math.max(...rows.map(([usage]) => usage.length));
  setup.output.out(rows.map(([usage, description]) => `  ${usage.padEnd(width)}  ${description}`).join('\n') + '\n');
  return ExitCode.Ok;
}
