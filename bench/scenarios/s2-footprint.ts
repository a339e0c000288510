import { CLOCK_TICKS_PER_SECOND, sumCpuTicks, sumStatusBytes } from '../proc.js';
import { sleepSync } from '../clock.js';
import type { RecordFigure } from '../results.js';
import type { Fleet } from './fleet.js';

/**
 * S2: the supervisor's own footprint with its fleet running, from its processes only (its tree
 * minus the programs): CPU over `idleSeconds` of idleness, then RSS, the peak (VmHWM) beside it.
 * Both in the steady state a long-running daemon lives in: the window opens only after as long
 * again of settling, because a garbage-collected runtime shrinks its heap for several seconds
 * after the burst of a cold start (V8's memory reducer, ~10 s in), which is neither idle nor steady.
 */
export function measureFootprint(fleet: Fleet, idleSeconds: number, record: RecordFigure): void {
  const n = fleet.programs.length;
  const { supervisorPids } = fleet.census.take(fleet.rootPid);
  sleepSync(idleSeconds * 1000);
  const ticksBefore = sumCpuTicks(supervisorPids);
  sleepSync(idleSeconds * 1000);
  const ticks = sumCpuTicks(supervisorPids) - ticksBefore;
  record(`S2 idle CPU N=${n}`, '%', (100 * ticks) / CLOCK_TICKS_PER_SECOND / idleSeconds);
  record(`S2 RSS N=${n}`, 'MB', sumStatusBytes(supervisorPids, 'VmRSS') / 1e6);
  record(`S2 peak RSS N=${n}`, 'MB', sumStatusBytes(supervisorPids, 'VmHWM') / 1e6);
}
