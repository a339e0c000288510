import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { now, sleepSync } from './clock.js';
import { isAlive, readStat, readTree } from './proc.js';

/** A command line with its environment additions, as a peer adapter hands it to a scenario. */
export interface Command {
  argv: string[];
  env?: Record<string, string>;
  cwd?: string;
}

/**
 * Starts a command in its own process group, output to a file (never a pipe: the harness blocks
 * while it polls, and a full pipe would stall the process under test). Returns its pid.
 */
export function launchDetached(command: Command, outputFile: string): number {
  const output = openSync(outputFile, 'a');
  try {
    const child = spawn(command.argv[0], command.argv.slice(1), {
      cwd: command.cwd,
      env: { ...process.env, ...command.env },
      detached: true,
      stdio: ['ignore', output, output],
    });
    child.on('error', () => {});
    if (child.pid === undefined) throw new Error(`could not start ${command.argv.join(' ')}`);
    return child.pid;
  } finally {
    closeSync(output);
  }
}

/** Runs a command to completion and returns its wall time in ms (stdout read and discarded, as a user would see it printed). */
export function timeCommand(command: Command, timeoutMs = 30_000): { ms: number; ok: boolean; stdout: string } {
  const started = now();
  const result = spawnSync(command.argv[0], command.argv.slice(1), {
    cwd: command.cwd,
    env: { ...process.env, ...command.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: timeoutMs,
  });
  const ms = now() - started;
  return { ms, ok: result.status === 0, stdout: result.stdout ?? '' };
}

interface Known {
  pid: number;
  startTicks: number;
  pgrp: number;
}

const ownGroup = readStat(process.pid)!.pgrp;

/** Ledgers not yet closed by killAll: what an interrupted run must still clean up. */
const openLedgers = new Set<ProcessLedger>();

function killEverythingLeft(): void {
  for (const ledger of [...openLedgers]) ledger.killAll();
}

process.on('exit', killEverythingLeft);
for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(name, () => {
    killEverythingLeft();
    process.kill(process.pid, name);
  });
}

/**
 * Every process a scenario started, remembered by pid and start time so that cleanup kills exactly
 * those (never by name, never a recycled pid).
 */
export class ProcessLedger {
  private readonly known = new Map<number, Known>();

  constructor() {
    openLedgers.add(this);
  }

  /** Remembers a process tree as it is now (call it again as the tree grows). */
  recordTree(rootPid: number): void {
    for (const pid of readTree(rootPid)) this.record(pid);
  }

  record(pid: number): void {
    const stat = readStat(pid);
    if (stat && !this.known.has(pid)) this.known.set(pid, { pid, startTicks: stat.startTicks, pgrp: stat.pgrp });
  }

  /** SIGKILLs every remembered process still alive, and its process group when it leads one. */
  killAll(): void {
    for (const { pid, startTicks, pgrp } of this.known.values()) {
      const stat = readStat(pid);
      if (!stat || stat.startTicks !== startTicks || !isAlive(pid)) continue;
      if (pgrp === pid && pgrp !== ownGroup) signal(-pgrp, 'SIGKILL');
      signal(pid, 'SIGKILL');
    }
    this.known.clear();
    openLedgers.delete(this);
  }

  survivors(): number[] {
    return [...this.known.values()]
      .filter(({ pid, startTicks }) => readStat(pid)?.startTicks === startTicks && isAlive(pid))
      .map(({ pid }) => pid);
  }
}

export function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

/**
 * Stops a supervisor: its own graceful way first (which should stop its programs), then, past the
 * deadline or for anything left behind, SIGKILL by pid and process group. The tree is re-read
 * while it winds down, so a program respawned during shutdown is not missed.
 */
export function stopTree(rootPid: number, ledger: ProcessLedger, graceful: () => void, timeoutMs = 15_000): void {
  ledger.recordTree(rootPid);
  graceful();
  const deadline = now() + timeoutMs;
  while (isAlive(rootPid) && now() < deadline) {
    ledger.recordTree(rootPid);
    sleepSync(20);
  }
  ledger.killAll();
}
