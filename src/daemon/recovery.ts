import { isAlive, killGroup, readStartTime } from '../supervisor/procfs.js';
import type { UnitSpec } from '../units/types.js';
import type { RecordedInstance } from './crash-journal.js';
import type { EventLog } from './eventlog.js';

/**
 * Stops the process groups a previous daemon left running (it died without stopping them), so a
 * unit never runs twice. A pid counts as ours only if its start time matches the record: pids are
 * reused. Each group gets its unit's stop signal and timeout, then SIGKILL.
 */
export async function stopLeftovers(
  previous: RecordedInstance[],
  specs: ReadonlyMap<string, UnitSpec>,
  events: EventLog,
): Promise<void> {
  const survivors = previous.filter((entry) => readStartTime(entry.pid) === entry.startTime);
  await Promise.all(
    survivors.map(async (entry) => {
      const spec = specs.get(entry.unit);
      const signal = spec?.stopSignal ?? 'SIGTERM';
      const timeoutMs = (spec?.stopTimeout ?? 10) * 1000;
      events.daemon(`recovery: ${entry.unit}:${entry.instance} pid=${entry.pid} outlived the previous daemon; stopping it with ${signal}`);
      killGroup(entry.pid, signal);
      if (!(await waitUntilGone(entry.pid, timeoutMs))) {
        events.daemon(`recovery: ${entry.unit}:${entry.instance} pid=${entry.pid} ignored ${signal}; sending SIGKILL`);
        killGroup(entry.pid, 'SIGKILL');
        await waitUntilGone(entry.pid, 5000);
      }
    }),
  );
}

/**
 * These are not our children (the previous daemon's were re-parented), so no exit event will
 * come: watching /proc for a bounded time is the only way, and it runs once, at startup.
 */
async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return !isAlive(pid);
}
