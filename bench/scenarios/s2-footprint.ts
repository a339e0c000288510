import { CLOCK_TICKS_PER_SECOND, sumCpuTicks, sumRssBytes } from '../proc.js';
import { sleepSync } from '../clock.js';
import type { RecordFigure } from '../results.js';
import type { Fleet } from './fleet.js';

/**
 * S2: the supervisor's own footprint with its fleet running: RSS and CPU of its processes only
 * (its tree minus the programs), idle over `idleSeconds`.
 */
export function measureFootprint(fleet: Fleet, idleSeconds: number, record: RecordFigure): void {
  const n = fleet.programs.length;
  const { supervisorPids } = fleet.census.take(fleet.rootPid);
  record(`S2 RSS N=${n}`, 'MB', sumRssBytes(supervisorPids) / 1e6);
  const ticksBefore = sumCpuTicks(supervisorPids);
  sleepSync(idleSeconds * 1000);
  const ticks = sumCpuTicks(supervisorPids) - ticksBefore;
  record(`S2 idle CPU N=${n}`, '%', (100 * ticks) / CLOCK_TICKS_PER_SECOND / idleSeconds);
}
