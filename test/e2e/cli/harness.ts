import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import type { StatusJsonRow } from '../../../src/cli/format/status-json.js';

/**
 * Drives the real entry points. Tests run from the compiled tree (…/test/e2e/cli/harness.js), so the
 * build's root is three levels up and becomes TASKMASTER_DIST for the bin wrappers.
 */
const here = dirname(fileURLToPath(import.meta.url));
export const DIST = resolve(here, '../../..');
const REPO = resolve(process.env.TASKMASTER_REPO ?? process.cwd());
export const TASKMASTER = resolve(REPO, 'bin/taskmaster.js');
export const TASKMASTERD = resolve(REPO, 'bin/taskmasterd.js');

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TASKMASTER_DIST: DIST, NO_COLOR: '1', ...extra };
  for (const [key, value] of Object.entries(extra)) if (value === undefined) delete env[key];
  return env;
}

/** Runs `taskmaster ARGS` to completion, optionally feeding `input` on stdin. */
export function taskmaster(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Run> {
  return run(process.execPath, [TASKMASTER, ...args], options);
}

export function run(file: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, { env: options.env ?? cliEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not finish within ${options.timeoutMs ?? 15000}ms; stdout=${stdout} stderr=${stderr}`));
    }, options.timeoutMs ?? 15000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Polls `probe` until it returns a truthy value or the deadline passes; never a bare sleep. */
export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 10000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Daemon {
  child: ChildProcess;
  socket: string;
  output(): string;
  stop(): Promise<void>;
}

/** Starts taskmasterd in its own process group and waits until its socket answers `status`. */
export async function startDaemon(dirs: { units: string; socket: string; log: string; state: string }): Promise<Daemon> {
  const child = spawn(
    process.execPath,
    [TASKMASTERD, '--units', dirs.units, '--socket', dirs.socket, '--log-dir', dirs.log, '--state-dir', dirs.state],
    { env: cliEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const daemon: Daemon = {
    child,
    socket: dirs.socket,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      await taskmaster(['shutdown', '--socket', dirs.socket], { timeoutMs: 20000 }).catch(() => undefined);
      if (!(await settles(exited, 10000))) killGroup(child.pid!, 'SIGKILL');
      await settles(exited, 5000);
    },
  };
  await waitFor('the daemon to answer', async () => {
    if (child.exitCode !== null) throw new Error(`taskmasterd exited with ${child.exitCode}: ${output}`);
    return (await taskmaster(['status', '--json', '--socket', dirs.socket])).code === 0;
  });
  return daemon;
}

export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function settles(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const result = await Promise.race([promise.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)))]);
  clearTimeout(timer);
  return result;
}

/** One row of `status --json`; its keys are the CLI's documented interface. */
export type StatusRow = StatusJsonRow;

export async function statusJson(socket: string): Promise<StatusRow[]> {
  const result = await taskmaster(['status', '--json', '--socket', socket]);
  if (result.code !== 0) throw new Error(`status exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as StatusRow[];
}

export async function waitForStates(socket: string, expected: Record<string, string>, timeoutMs = 10000): Promise<StatusRow[]> {
  return waitFor(`states ${JSON.stringify(expected)}`, async () => {
    const rows = await statusJson(socket);
    const ok = Object.entries(expected).every(([name, state]) => rows.some((r) => `${r.unit}:${r.instance}` === name && r.state === state));
    return ok ? rows : null;
  }, timeoutMs);
}
