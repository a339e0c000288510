/**
 * The only file that creates or signals processes. Each child is exec'd directly (no shell) as the
 * leader of its own session and process group, writing straight into its log files.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { UnitSpec } from '../units/types.js';
import { resolveCredentials, type Account } from './accounts.js';
import { logPath } from './log-paths.js';
import type { ChildObserver, SpawnRequest, Spawner } from './ports.js';

/** Signals a whole process group; a group that is already gone (or no longer ours) is not an error. */
export function signalProcessGroup(pgid: number, signal: string): void {
  if (!Number.isInteger(pgid) || pgid <= 1) return;
  try {
    process.kill(-pgid, signal as NodeJS.Signals);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ESRCH' && code !== 'EPERM') throw error;
  }
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** O_APPEND so concurrent writers and rotation-by-truncate behave; the directory is made on first need. */
function openLog(file: string): number {
  try {
    return fs.openSync(file, 'a', 0o640);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    return fs.openSync(file, 'a', 0o640);
  }
}

/**
 * Creates every log file the instances of `specs` will write, in one batch before any of them is
 * spawned. A file created between two forks costs several times one created in a batch (500
 * spawns with two new files each: 1.2-1.8 s interleaved, 0.7-1.0 s batched); doing it on the
 * thread pool alongside the forks was slower still, as the forks then wait on the same process's
 * memory lock. Errors are left for the spawn, which reports them as the instance's reason.
 */
export function createLogFiles(specs: readonly UnitSpec[], logDir: string): void {
  for (const spec of specs) {
    for (let instance = 0; instance < spec.instances; instance++) {
      for (const stream of ['stdout', 'stderr'] as const) {
        const file = logPath(spec, instance, stream, logDir);
        if (file === null) continue;
        try {
          fs.closeSync(openLog(file));
        } catch {
          // Reported by the spawn.
        }
      }
    }
  }
}

interface OpenedStdio {
  stdio: StdioOptions;
  fds: number[];
}

function openStdio(spec: UnitSpec, instance: number, logDir: string): OpenedStdio {
  const fds: number[] = [];
  const open = (file: string | null): number | 'ignore' => {
    if (file === null) return 'ignore';
    const fd = openLog(file);
    fds.push(fd);
    return fd;
  };
  try {
    const out = open(logPath(spec, instance, 'stdout', logDir));
    const err = spec.stderr.kind === 'merge' ? out : open(logPath(spec, instance, 'stderr', logDir));
    return { stdio: ['ignore', out, err], fds };
  } catch (error) {
    closeAll(fds);
    throw error;
  }
}

function closeAll(fds: number[]): void {
  for (const fd of fds) {
    try {
      fs.closeSync(fd);
    } catch {
      // Already closed: nothing left to release.
    }
  }
}

export function describeSpawnError(error: unknown, command: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return `command not found: ${command}`;
    case 'EACCES':
      return `permission denied: ${command}`;
    case 'EPERM':
      return `operation not permitted: ${command}`;
    default:
      return `cannot start ${command}: ${code ?? (error as Error | undefined)?.message ?? String(error)}`;
  }
}

/**
 * The daemon's environment as a plain object, copied once per burst of spawns: every read of
 * process.env goes through the C++ environment, and copying it for each of 500 children took 30 ms
 * of a cold start. Dropped on the next turn of the event loop, so each child still gets the
 * environment as it is when the child starts.
 */
let daemonEnvironment: NodeJS.ProcessEnv | null = null;

function currentDaemonEnvironment(): NodeJS.ProcessEnv {
  if (daemonEnvironment === null) {
    daemonEnvironment = { ...process.env };
    setImmediate(() => (daemonEnvironment = null));
  }
  return daemonEnvironment;
}

function childEnvironment(spec: UnitSpec, instance: number, account: Account | null): NodeJS.ProcessEnv {
  const identity = account === null ? {} : { HOME: account.home, USER: account.name, LOGNAME: account.name };
  return {
    ...currentDaemonEnvironment(),
    ...identity,
    TASKMASTER_UNIT: spec.name,
    TASKMASTER_INSTANCE: String(instance),
    ...spec.environment,
  };
}

/** The umask is process-wide, so it is set only around the synchronous fork+exec and restored at once. */
function withUmask<T>(mask: number | null, run: () => T): T {
  if (mask === null) return run();
  const previous = process.umask(mask);
  try {
    return run();
  } finally {
    process.umask(previous);
  }
}

function watchChild(child: ChildProcess, command: string, observer: ChildObserver): void {
  let started = false;
  let settled = false;
  child.once('spawn', () => {
    started = true;
    observer.spawned();
  });
  // Node may emit 'error' and sometimes 'exit' for a child that never ran: report only one outcome.
  child.on('error', (error) => {
    if (started || settled) return;
    settled = true;
    observer.failed(describeSpawnError(error, command));
  });
  child.once('exit', (code, signal) => {
    if (!started || settled) return;
    settled = true;
    observer.exited(code, signal);
  });
}

function spawnChild(request: SpawnRequest, observer: ChildObserver): number | null {
  const { spec, instance, logDir } = request;
  // Failures are reported on the next tick so the caller's transition completes first: no recursion.
  const fail = (reason: string): null => {
    process.nextTick(() => observer.failed(reason));
    return null;
  };
  const [command, ...args] = spec.argv;
  if (command === undefined || command === '') return fail('empty command');
  const cwd = spec.workingDirectory ?? process.cwd();
  if (!isDirectory(cwd)) return fail(`no such directory: ${cwd}`);
  const credentials = resolveCredentials(spec.user, spec.group);
  if (!credentials.ok) return fail(credentials.reason);

  let opened: OpenedStdio;
  try {
    opened = openStdio(spec, instance, logDir);
  } catch (error) {
    return fail(`cannot open log file: ${(error as Error).message}`);
  }
  let child: ChildProcess;
  try {
    child = withUmask(spec.umask, () =>
      spawn(command, args, {
        cwd,
        env: childEnvironment(spec, instance, credentials.account),
        detached: true,
        stdio: opened.stdio,
        uid: credentials.uid,
        gid: credentials.gid,
      }),
    );
  } catch (error) {
    return fail(describeSpawnError(error, command));
  } finally {
    closeAll(opened.fds);
  }
  watchChild(child, command, observer);
  return child.pid ?? null;
}

export function createProcessSpawner(): Spawner {
  return { spawn: spawnChild, signalGroup: signalProcessGroup };
}
