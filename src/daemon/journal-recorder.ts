import type { TransitionEvent } from '../protocol/model.js';
import { readStartTime } from '../supervisor/procfs.js';
import type { CrashJournal } from './crash-journal.js';

const ALIVE_STATES = new Set(['STARTING', 'RUNNING', 'STOPPING']);

/**
 * Feeds the crash journal from transitions: a live child is recorded with its pid and start
 * time, a gone one forgotten. Recording waits for the end of the current burst of spawns
 * (setImmediate), so a cold start of 500 units forks without a /proc read and a write between
 * every two forks; the window in which a SIGKILLed daemon would miss a child stays one tick.
 */
export class JournalRecorder {
  private readonly recorded = new Map<string, number>();
  private readonly pending = new Map<string, { unit: string; instance: number; pid: number }>();
  private flushScheduled = false;

  constructor(private readonly journal: CrashJournal) {}

  observe(event: TransitionEvent): void {
    const key = `${event.unit}:${event.instance}`;
    if (event.pid !== null && ALIVE_STATES.has(event.to)) {
      if (this.recorded.get(key) === event.pid || this.pending.get(key)?.pid === event.pid) return;
      this.pending.set(key, { unit: event.unit, instance: event.instance, pid: event.pid });
      this.scheduleFlush();
    } else if (!ALIVE_STATES.has(event.to)) {
      this.pending.delete(key);
      if (this.recorded.delete(key)) this.journal.forget(event.unit, event.instance);
    }
  }

  /** Writes every pending record. A clean shutdown empties the journal, so nothing waits for this then. */
  private flush(): void {
    this.flushScheduled = false;
    for (const [key, entry] of this.pending) {
      const startTime = readStartTime(entry.pid);
      if (startTime === null) continue;
      this.recorded.set(key, entry.pid);
      this.journal.record({ ...entry, startTime });
    }
    this.pending.clear();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }
}
