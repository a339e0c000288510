import { now, pollSync, sleepSync } from '../clock.js';
import { signal } from '../processes.js';
import { median, type RecordFigure } from '../results.js';
import type { Fleet } from './fleet.js';

/**
 * S3: kill -9 of a RUNNING program, time until its replacement's process exists. Each kill hits a
 * different program that is past its start grace, so every kill is a crash, never a failed start.
 */
export function measureRespawn(fleet: Fleet, kills: number, record: RecordFigure): void {
  const latencies: number[] = [];
  const victims = fleet.programs.slice(0, Math.min(kills, fleet.programs.length));
  for (const victim of victims) {
    const pid = fleet.census.take(fleet.rootPid).programs.get(victim.name);
    if (pid === undefined) throw new Error(`${victim.name} is not running before its kill`);
    const killed = now();
    signal(pid, 'SIGKILL');
    pollSync(
      () => {
        const replacement = fleet.census.take(fleet.rootPid).programs.get(victim.name);
        return replacement !== undefined && replacement !== pid ? replacement : undefined;
      },
      // The figure is a few ms for a good supervisor: poll as fast as /proc allows.
      { what: `${victim.name} respawned`, timeoutMs: 10_000, intervalMs: 0.1 },
    );
    latencies.push(now() - killed);
    // Let the supervisor finish its bookkeeping before the next kill.
    sleepSync(150);
  }
  record('S3 respawn', 'ms', median(latencies), latencies);
}
