import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { CliHost, CommandContext } from './context.js';
import { EXIT_CODES_HELP, ExitCode } from './exit-codes.js';
import { reportFailure } from './failure.js';
import type { Output } from './output.js';

/**
 * The command tree, shared by the CLI and the shell so that both parse the same words the same way.
 * Each action imports its command's module only when it runs: a `status` call must not pay for
 * loading `check` (the TOML parser), `up` (child_process) or the shell (readline).
 */
export interface ProgramSetup {
  output: Output;
  /** 'shell' registers only the commands the shell offers and no --socket options. */
  mode: 'cli' | 'shell';
  /** The context a command runs in, given the --socket it was called with (if any). */
  context(socketFlag: string | undefined): CommandContext;
  /** Absent in the shell, which runs neither the daemon nor the TUI. */
  host?: CliHost;
  version?: string;
}

/** The commands `taskmaster shell` accepts (plus its own help, exit and quit). */
export const SHELL_COMMANDS = ['status', 'start', 'stop', 'restart', 'reload', 'logs'] as const;

const CONTROL_VERBS = ['start', 'stop', 'restart'] as const;

/** Parses `words` (the arguments after the program name) and runs the command they name. */
export async function runProgram(setup: ProgramSetup, words: string[]): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  const program = buildProgram(setup, (code) => (exitCode = code));
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
  return ExitCode.Usage;
}

export function buildProgram(setup: ProgramSetup, setExitCode: (code: number) => void): Command {
  const { output, mode } = setup;
  const cli = mode === 'cli';
  const program = new Command('taskmaster')
    .description('Control the Taskmaster process supervisor.')
    .configureOutput({ writeOut: (text) => output.out(text), writeErr: (text) => output.err(text) })
    .exitOverride()
    .showHelpAfterError("(add --help for usage)")
    .helpCommand(cli);
  if (setup.version) program.version(setup.version, '-V, --version', 'print the version');
  if (cli) {
    program.addOption(socketOption());
    program.addHelpText('after', `\nEnvironment:\n  TASKMASTER_SOCKET  control socket, when --socket is not given\n  NO_COLOR           disable colour\n\n${EXIT_CODES_HELP}\n`);
  }

  /** Declares a command that talks to the daemon; in the CLI it also takes --socket after its name. */
  const socketCommand = (name: string): Command => {
    const command = program.command(name);
    if (cli) command.addOption(socketOption());
    return command;
  };
  const contextOf = (command: Command): CommandContext => setup.context(command.optsWithGlobals().socket);
  const finish = (code: number): void => setExitCode(code);

  socketCommand('status')
    .description('show every instance (or those of NAME / NAME:N) and any invalid units')
    .argument('[names...]', 'unit names or NAME:N')
    .option('--json', 'print a JSON array instead of the table')
    .action(async (names: string[], options: { json?: boolean }, command: Command) => {
      const { status } = await import('./commands/status.js');
      finish(await status(contextOf(command), names, options));
    });

  for (const verb of CONTROL_VERBS) {
    socketCommand(verb)
      .description(`${verb} instances and wait until each is ${verb === 'stop' ? 'stopped' : 'running'} or has failed`)
      .argument('<targets...>', 'NAME, NAME:N or all')
      .option('--no-wait', 'return as soon as the daemon has accepted the request')
      .action(async (targets: string[], options: { wait: boolean }, command: Command) => {
        const { control } = await import('./commands/control.js');
        finish(await control(contextOf(command), verb, targets, options));
      });
  }

  socketCommand('reload')
    .description('re-read the units directory and apply the changes (prints the plan)')
    .option('--dry-run', 'print the plan without applying it')
    .action(async (options: { dryRun?: boolean }, command: Command) => {
      const { reload } = await import('./commands/reload.js');
      finish(await reload(contextOf(command), options));
    });

  const logs = socketCommand('logs')
    .description("print the last lines of an instance's output, or of the daemon's event log without NAME")
    .argument('[target]', 'NAME or NAME:N (default instance 0)')
    .option('-n, --lines <count>', 'number of lines', parseCount, 10)
    .option('--stderr', 'the stderr stream instead of stdout');
  if (cli) logs.option('-f, --follow', 'keep printing new output until Ctrl-C');
  logs.action(async (target: string | undefined, options: { lines: number; follow?: boolean; stderr?: boolean }, command: Command) => {
    const { logs: runLogs } = await import('./commands/logs.js');
    finish(await runLogs(contextOf(command), target, options));
  });

  if (!cli) return program;
  const host = setup.host;
  const requireHost = (): CliHost => {
    if (!host) throw new Error('internal: no CliHost was injected');
    return host;
  };

  socketCommand('shutdown')
    .description('stop every process and make the daemon exit')
    .action(async (_options: object, command: Command) => {
      const { shutdown } = await import('./commands/shutdown.js');
      finish(await shutdown(contextOf(command)));
    });

  program
    .command('check')
    .description('validate unit files offline, without a daemon (exit 5 when any is invalid)')
    .argument('[paths...]', 'unit files or directories (default: the units directory)')
    .option('--json', 'print {valid, invalid} as JSON')
    .action(async (paths: string[], options: { json?: boolean }) => {
      const { check } = await import('./commands/check.js');
      finish(await check(output, paths, options));
    });

  daemonPathOptions(program.command('daemon'))
    .description('run the daemon in the foreground (what taskmasterd runs)')
    .action(async (options: { units?: string; logDir?: string; stateDir?: string }, command: Command) => {
      const { daemon } = await import('./commands/daemon.js');
      finish(await daemon(requireHost(), { ...options, socket: command.optsWithGlobals().socket }));
    });

  daemonPathOptions(socketCommand('up'))
    .description('start a daemon in the background unless one answers, then open the TUI')
    .option('-d, --detach', 'do not open the TUI; print where the daemon runs and return')
    .action(async (options: { units?: string; logDir?: string; stateDir?: string; detach?: boolean }, command: Command) => {
      const { up } = await import('./commands/up.js');
      finish(await up(contextOf(command), requireHost(), options));
    });

  socketCommand('tui')
    .description('open the full-screen terminal UI')
    .action(async (_options: object, command: Command) => {
      const { tui } = await import('./commands/tui.js');
      finish(await tui(requireHost(), contextOf(command).socket));
    });

  socketCommand('shell')
    .description('interactive control shell; reads commands from stdin when it is not a terminal')
    .option('--state-dir <dir>', 'where shell_history is kept (default: the state directory)')
    .addHelpText('after', '\nThe shell exits with the status of the last command it ran, like sh.\n')
    .action(async (options: { stateDir?: string }, command: Command) => {
      const { shell } = await import('./commands/shell.js');
      finish(await shell(contextOf(command), options));
    });

  return program;
}

function socketOption(): Option {
  return new Option('--socket <path>', 'control socket of the daemon (default: $TASKMASTER_SOCKET, then the per-user path)');
}

function daemonPathOptions(command: Command): Command {
  if (command.name() === 'daemon') command.addOption(socketOption());
  return command
    .option('--units <dir>', 'directory of *.toml unit files')
    .option('--log-dir <dir>', "directory for the programs' log files")
    .option('--state-dir <dir>', 'directory for daemon state');
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number of lines');
  return Number(value);
}
