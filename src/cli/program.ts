import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { CliHost, CommandContext } from './context.js';
import { EXIT_CODES_HELP, ExitCode } from './exit-codes.js';
import { reportFailure } from './failure.js';
import type { Output } from './output.js';

/**
 * The command tree, shared by the CLI and the shell so that both parse the same words the same way.
 * Startup speed shapes it: each action imports its command's module only when it runs, and only the
 * command named on the line is declared (all of them only for help or an unknown name).
 */
export interface ProgramSetup {
  output: Output;
  /** 'shell' declares only the commands the shell offers, and no --socket options. */
  mode: 'cli' | 'shell';
  /** The context a command runs in, given the --socket it was called with (if any). */
  context(socketFlag: string | undefined): CommandContext;
  /** Absent in the shell, which runs neither the daemon nor the TUI. */
  host?: CliHost;
  version?: string;
}

/** The commands `taskmaster shell` accepts (plus its own help, exit and quit). */
export const SHELL_COMMANDS = ['status', 'start', 'stop', 'restart', 'reload', 'logs'] as const;

/** Parses `words` (the arguments after the program name) and runs the command they name. */
export async function runProgram(setup: ProgramSetup, words: string[]): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  const program = buildProgram(setup, (code) => (exitCode = code), commandNameIn(words));
  try {
    await program.parseAsync(words, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return commanderExitCode(error);
    return reportFailure(error, setup.output);
  }
}

/** Help and version are successes; every other complaint of commander's is a usage error. */
export function commanderExitCode(error: CommanderError): number {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.Ok;
  // `help CMD` asked for help (exit 0); bare `taskmaster` gets help as an error (exit 1 → usage).
  if (error.code === 'commander.help' && error.exitCode === 0) return ExitCode.Ok;
  return ExitCode.Usage;
}

/** The command a line names: its first word that is neither an option nor the value of the global --socket. */
export function commandNameIn(words: string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    if (words[i] === '--socket') i++;
    else if (!words[i].startsWith('-')) return words[i];
  }
  return undefined;
}

interface Declare {
  program: Command;
  setup: ProgramSetup;
  /** Declares a command that talks to the daemon; in the CLI it also takes --socket after its name. */
  socketCommand(name: string): Command;
  contextOf(command: Command): CommandContext;
  host(): CliHost;
  finish(code: number): void;
}

/** How each command is declared, by name. Order is the order of --help. */
const DECLARATIONS: Record<string, (d: Declare) => void> = {
  status: (d) =>
    d
      .socketCommand('status')
      .description('show every instance (or those of NAME / NAME:N) and any invalid units')
      .argument('[names...]', 'unit names or NAME:N')
      .option('--json', 'print a JSON array instead of the table')
      .action(async (names: string[], options: { json?: boolean }, command: Command) => {
        const { status } = await import('./commands/status.js');
        d.finish(await status(d.contextOf(command), names, options));
      }),
  start: (d) => declareControl(d, 'start'),
  stop: (d) => declareControl(d, 'stop'),
  restart: (d) => declareControl(d, 'restart'),
  reload: (d) =>
    d
      .socketCommand('reload')
      .description('re-read the units directory and apply the changes (prints the plan)')
      .option('--dry-run', 'print the plan without applying it')
      .action(async (options: { dryRun?: boolean }, command: Command) => {
        const { reload } = await import('./commands/reload.js');
        d.finish(await reload(d.contextOf(command), options));
      }),
  logs: (d) => {
    const logs = d
      .socketCommand('logs')
      .description("print the last lines of an instance's output, or of the daemon's event log without NAME")
      .argument('[target]', 'NAME or NAME:N (default instance 0)')
      .option('-n, --lines <count>', 'number of lines', parseCount, 10)
      .option('--stderr', 'the stderr stream instead of stdout');
    if (d.setup.mode === 'cli') logs.option('-f, --follow', 'keep printing new output until Ctrl-C');
    logs.action(async (target: string | undefined, options: { lines: number; follow?: boolean; stderr?: boolean }, command: Command) => {
      const { logs: runLogs } = await import('./commands/logs.js');
      d.finish(await runLogs(d.contextOf(command), target, options));
    });
  },
  shutdown: (d) =>
    d
      .socketCommand('shutdown')
      .description('stop every process and make the daemon exit')
      .action(async (_options: object, command: Command) => {
        const { shutdown } = await import('./commands/shutdown.js');
        d.finish(await shutdown(d.contextOf(command)));
      }),
  check: (d) =>
    d.program
      .command('check')
      .description('validate unit files offline, without a daemon (exit 5 when any is invalid)')
      .argument('[paths...]', 'unit files or directories (default: the units directory)')
      .option('--json', 'print {valid, invalid} as JSON')
      .action(async (paths: string[], options: { json?: boolean }) => {
        const { check } = await import('./commands/check.js');
        d.finish(await check(d.setup.output, paths, options));
      }),
  daemon: (d) =>
    daemonPathOptions(d.socketCommand('daemon'))
      .description('run the daemon in the foreground (what taskmasterd runs)')
      .action(async (options: { units?: string; logDir?: string; stateDir?: string }, command: Command) => {
        const { daemon } = await import('./commands/daemon.js');
        d.finish(await daemon(d.host(), { ...options, socket: command.optsWithGlobals().socket }));
      }),
  up: (d) =>
    daemonPathOptions(d.socketCommand('up'))
      .description('start a daemon in the background unless one answers, then open the TUI')
      .option('-d, --detach', 'do not open the TUI; print where the daemon runs and return')
      .action(async (options: { units?: string; logDir?: string; stateDir?: string; detach?: boolean }, command: Command) => {
        const { up } = await import('./commands/up.js');
        d.finish(await up(d.contextOf(command), d.host(), options));
      }),
  tui: (d) =>
    d
      .socketCommand('tui')
      .description('open the full-screen terminal UI')
      .action(async (_options: object, command: Command) => {
        const { tui } = await import('./commands/tui.js');
        d.finish(await tui(d.host(), d.contextOf(command).socket));
      }),
  shell: (d) =>
    d
      .socketCommand('shell')
      .description('interactive control shell; reads commands from stdin when it is not a terminal')
      .option('--state-dir <dir>', 'where shell_history is kept (default: the state directory)')
      .addHelpText('after', '\nThe shell exits with the status of the last command it ran, like sh.\n')
      .action(async (options: { stateDir?: string }, command: Command) => {
        const { shell } = await import('./commands/shell.js');
        d.finish(await shell(d.contextOf(command), options));
      }),
};

function declareControl(d: Declare, verb: 'start' | 'stop' | 'restart'): void {
  d.socketCommand(verb)
    .description(`${verb} instances and wait until each is ${verb === 'stop' ? 'stopped' : 'running'} or has failed`)
    .argument('<targets...>', 'NAME, NAME:N or all')
    .option('--no-wait', 'return as soon as the daemon has accepted the request')
    .action(async (targets: string[], options: { wait: boolean }, command: Command) => {
      const { control } = await import('./commands/control.js');
      d.finish(await control(d.contextOf(command), verb, targets, options));
    });
}

/**
 * Builds the program. With `only` naming a known command, only that command is declared: what
 * commander does for a line depends on that command alone, and declaring a dozen costs startup time.
 */
export function buildProgram(setup: ProgramSetup, setExitCode: (code: number) => void, only?: string): Command {
  const { output } = setup;
  const cli = setup.mode === 'cli';
  const program = new Command('taskmaster')
    .description('Control the Taskmaster process supervisor.')
    .configureOutput({ writeOut: (text) => output.out(text), writeErr: (text) => output.err(text) })
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .helpCommand(cli);
  if (setup.version) program.version(setup.version, '-V, --version', 'print the version');
  if (cli) {
    program.addOption(socketOption());
    program.addHelpText('after', `\nEnvironment:\n  TASKMASTER_SOCKET  control socket, when --socket is not given\n  NO_COLOR           disable colour\n\n${EXIT_CODES_HELP}\n`);
  }
  const declare: Declare = {
    program,
    setup,
    socketCommand(name) {
      const command = program.command(name);
      if (cli) command.addOption(socketOption());
      return command;
    },
    contextOf: (command) => setup.context(command.optsWithGlobals().socket),
    host() {
      if (!setup.host) throw new Error('internal: no CliHost was injected');
      return setup.host;
    },
    finish: setExitCode,
  };
  const offered = cli ? Object.keys(DECLARATIONS) : (SHELL_COMMANDS as readonly string[]);
  const wanted = only !== undefined && offered.includes(only) ? [only] : offered;
  for (const name of wanted) DECLARATIONS[name](declare);
  return program;
}

function socketOption(): Option {
  return new Option('--socket <path>', 'control socket of the daemon (default: $TASKMASTER_SOCKET, then the per-user path)');
}

function daemonPathOptions(command: Command): Command {
  return command
    .option('--units <dir>', 'directory of *.toml unit files')
    .option('--log-dir <dir>', "directory for the programs' log files")
    .option('--state-dir <dir>', 'directory for daemon state');
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number of lines');
  return Number(value);
}
