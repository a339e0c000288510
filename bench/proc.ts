import { readFileSync, readdirSync } from 'node:fs';

/**
 * Everything the benchmark knows about processes comes from here: /proc, read directly, so no
 * figure depends on what a supervisor says about itself.
 */

/** Clock ticks per second for utime/stime (USER_HZ; 100 on every Linux we run on). */
export const CLOCK_TICKS_PER_SECOND = 100;

export interface ProcStat {
  pid: number;
  state: string;
  ppid: number;
  pgrp: number;
  /** CPU time in clock ticks, user + system, of every thread of the process. */
  cpuTicks: number;
  /** Start time in clock ticks since boot: with the pid, identifies a process across pid reuse. */
  startTicks: number;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Parses /proc/PID/stat; null when the process is gone. The command name may contain spaces and parens. */
export function readStat(pid: number): ProcStat | null {
  const text = readText(`/proc/${pid}/stat`);
  if (text === null) return null;
  const afterName = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // Fields after the name start at field 3 (state); see proc(5).
  const field = (n: number) => afterName[n - 3];
  return {
    pid,
    state: field(3),
    ppid: Number(field(4)),
    pgrp: Number(field(5)),
    cpuTicks: Number(field(14)) + Number(field(15)),
    startTicks: Number(field(22)),
  };
}

/** Alive means present and not a zombie (in these containers PID 1 may never reap orphans). */
export function isAlive(pid: number): boolean {
  const stat = readStat(pid);
  return stat !== null && stat.state !== 'Z' && stat.state !== 'X';
}

/** The argv of a process, or null when gone (or a zombie, whose cmdline is empty). */
export function readArgv(pid: number): string[] | null {
  const text = readText(`/proc/${pid}/cmdline`);
  if (!text) return null;
  return text.replace(/\0$/, '').split('\0');
}

/** A size field of /proc/PID/status in bytes (VmRSS: resident now; VmHWM: the peak), or null when gone. */
export function readStatusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  const text = readText(`/proc/${pid}/status`);
  const match = text?.match(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm'));
  return match ? Number(match[1]) * 1024 : null;
}

/** Direct children of a process, from every thread's `children` file (a thread may have forked them). */
export function readChildren(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const children: number[] = [];
  for (const task of tasks) {
    const text = readText(`/proc/${pid}/task/${task}/children`);
    if (!text) continue;
    for (const word of text.split(' ')) if (word) children.push(Number(word));
  }
  return children;
}

/** The process and all its descendants, parents before children. */
export function readTree(rootPid: number): number[] {
  const tree: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    if (readStat(pid) === null) continue;
    tree.push(pid);
    queue.push(...readChildren(pid));
  }
  return tree;
}

/** Sum of CPU ticks over some processes (the gone ones count as zero). */
export function sumCpuTicks(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) ticks += readStat(pid)?.cpuTicks ?? 0;
  return ticks;
}

/** Sum of a status size field over some processes (the gone ones count as zero). */
export function sumStatusBytes(pids: number[], field: 'VmRSS' | 'VmHWM'): number {
  let bytes = 0;
  for (const pid of pids) bytes += readStatusBytes(pid, field) ?? 0;
  return bytes;
}
