import { basename } from 'node:path';
import { findExecutable } from './locations.js';
import { readArgv, readChildren, readStat } from './proc.js';

/** One supervised program, described once and translated by each peer adapter into its own config. */
export interface ProgramSpec {
  /** Unique within a run, usable as a file and section name: `p0042`. */
  name: string;
  /** Absolute executable first, so every supervisor runs exactly the same thing. */
  argv: string[];
  /** Seconds the process must stay up to count as started (the "start grace"). */
  startSeconds: number;
  /** Restart whenever it exits. */
  autorestart: boolean;
  /** Where stdout goes; unset: the supervisor's default log for the program. */
  stdoutPath?: string;
}

export const SLEEP = findExecutable('sleep');
export const HEAD = findExecutable('head');

/**
 * `count` programs `sleep ARG`, each with a distinct ARG, so a process in /proc names its program.
 * `series` keeps the arguments of successive fleets apart.
 */
export function sleepPrograms(count: number, series: number): ProgramSpec[] {
  const programs: ProgramSpec[] = [];
  for (let i = 0; i < count; i++) {
    const name = `p${String(i).padStart(4, '0')}`;
    const seconds = 3_000_000 + series * 1000 + i;
    programs.push({ name, argv: [SLEEP, String(seconds)], startSeconds: 1, autorestart: true });
  }
  return programs;
}

/** The same program with another sleep argument: a changed command, recognisable in /proc. */
export function withChangedCommand(program: ProgramSpec): ProgramSpec {
  return { ...program, argv: [program.argv[0], String(Number(program.argv[1]) + 500_000)] };
}

function identity(argv: string[]): string {
  return [basename(argv[0]), ...argv.slice(1)].join(' ');
}

/**
 * Finds the processes of known programs in a supervisor's process tree. A program is recognised
 * by its argv (after exec; a forked child that has not exec'd yet does not count). Recognised pids
 * are remembered, so a poll reads only the children lists plus the cmdline of newcomers.
 */
export class ProgramCensus {
  private readonly nameByIdentity = new Map<string, string>();
  private readonly nameByPid = new Map<number, string>();

  constructor(programs: ProgramSpec[]) {
    for (const program of programs) this.nameByIdentity.set(identity(program.argv), program.name);
  }

  /** Recognise these programs too (e.g. the changed command of a reload). */
  expect(program: ProgramSpec): void {
    this.nameByIdentity.set(identity(program.argv), program.name);
  }

  /** Program name → pid, for every program process under `rootPid`; and the other processes of the tree. */
  take(rootPid: number): { programs: Map<string, number>; supervisorPids: number[] } {
    const programs = new Map<string, number>();
    const supervisorPids: number[] = [];
    const queue = [rootPid];
    while (queue.length > 0) {
      const pid = queue.shift()!;
      for (const child of readChildren(pid)) {
        const name = this.recognise(child);
        if (name === undefined) {
          queue.push(child);
          continue;
        }
        const seen = programs.get(name);
        // Two pids for one program: the old one is a zombie not yet reaped; keep the live one.
        if (seen === undefined || readStat(seen)?.state === 'Z') programs.set(name, child);
      }
      supervisorPids.push(pid);
    }
    return { programs, supervisorPids };
  }

  private recognise(pid: number): string | undefined {
    const known = this.nameByPid.get(pid);
    if (known !== undefined) return known;
    const argv = readArgv(pid);
    const name = argv ? this.nameByIdentity.get(identity(argv)) : undefined;
    if (name !== undefined) this.nameByPid.set(pid, name);
    return name;
  }
}
