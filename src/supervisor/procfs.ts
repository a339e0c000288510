/**
 * Reads /proc/PID/stat. Used for crash recovery (is the pid recorded in the journal still the
 * process we started?) and for the TUI's CPU/memory column.
 */
import fs from 'node:fs';
import { signalProcessGroup } from './spawn.js';

const PAGE_SIZE = 4096;

/**
 * Fields after the command name, which is in parentheses and may itself contain ')' or spaces.
 * Index 0 is field 3 (state) of proc(5).
 */
function statFields(pid: number | string): string[] | null {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return null;
  }
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  return text.slice(close + 2).trim().split(' ');
}

/** proc(5) field number → index into statFields. */
const field = (fields: string[], number: number): string | undefined => fields[number - 3];

/** Start time in clock ticks since boot (field 22): with the pid, it identifies a process across pid reuse. */
export function readStartTime(pid: number): string | null {
  const fields = statFields(pid);
  return fields === null ? null : (field(fields, 22) ?? null);
}

/** A zombie has exited already; it only waits to be reaped (possibly never, if its parent is PID 1 here). */
export function isAlive(pid: number): boolean {
  const fields = statFields(pid);
  return fields !== null && field(fields, 3) !== 'Z';
}

function listPids(): string[] {
  try {
    return fs.readdirSync('/proc').filter((name) => name.charCodeAt(0) >= 48 && name.charCodeAt(0) <= 57);
  } catch {
    return [];
  }
}

/** Live (non-zombie) members of a process group. */
export function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const pid of listPids()) {
    const fields = statFields(pid);
    if (fields !== null && Number(field(fields, 5)) === pgid && field(fields, 3) !== 'Z') members.push(Number(pid));
  }
  return members;
}

export interface GroupSample {
  /** utime + stime summed over the group's live processes, in clock ticks. */
  cpuTicks: number;
  rssBytes: number;
}

/** One pass over /proc for all groups at once, however many instances are sampled. */
export function sampleGroups(pgids: number[]): Map<number, GroupSample> {
  const samples = new Map<number, GroupSample>();
  for (const pgid of pgids) samples.set(pgid, { cpuTicks: 0, rssBytes: 0 });
  if (samples.size === 0) return samples;
  for (const pid of listPids()) {
    const fields = statFields(pid);
    if (fields === null) continue;
    const sample = samples.get(Number(field(fields, 5)));
    if (sample === undefined) continue;
    sample.cpuTicks += Number(field(fields, 14)) + Number(field(fields, 15));
    sample.rssBytes += Number(field(fields, 24)) * PAGE_SIZE;
  }
  return samples;
}

export function killGroup(pgid: number, signal: string): void {
  signalProcessGroup(pgid, signal);
}
