/** A clock that only moves when told to, and a spawner whose children do only what the test says. */
import type { ChildObserver, Clock, SpawnRequest, Spawner, TimerHandle } from '../../../src/supervisor/ports.js';

interface PendingTimer {
  due: number;
  order: number;
  fire(): void;
  cancelled: boolean;
}

export class FakeClock implements Clock {
  #now = Date.parse('2024-01-01T00:00:00.000Z');
  #timers: PendingTimer[] = [];
  #order = 0;

  now(): number {
    return this.#now;
  }

  schedule(ms: number, fire: () => void): TimerHandle {
    const timer: PendingTimer = { due: this.#now + ms, order: this.#order++, fire, cancelled: false };
    this.#timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }

  /** Timers armed and not yet fired or cancelled. */
  get pending(): number {
    return this.#timers.filter((timer) => !timer.cancelled).length;
  }

  /** Moves time forward, firing due timers in order (including ones armed by earlier timers). */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      const due = this.#timers
        .filter((timer) => !timer.cancelled && timer.due <= target)
        .sort((a, b) => a.due - b.due || a.order - b.order)[0];
      if (due === undefined) break;
      this.#timers = this.#timers.filter((timer) => timer !== due);
      this.#now = due.due;
      due.fire();
    }
    this.#now = target;
  }
}

export interface FakeChild {
  pid: number;
  request: SpawnRequest;
  observer: ChildObserver;
}

export class FakeSpawner implements Spawner {
  readonly children: FakeChild[] = [];
  readonly signals: Array<{ pgid: number; signal: string }> = [];
  #nextPid = 1000;

  spawn(request: SpawnRequest, observer: ChildObserver): number | null {
    const child = { pid: this.#nextPid++, request, observer };
    this.children.push(child);
    return child.pid;
  }

  signalGroup(pgid: number, signal: string): void {
    this.signals.push({ pgid, signal });
  }

  get last(): FakeChild {
    const child = this.children.at(-1);
    if (child === undefined) throw new Error('nothing was spawned');
    return child;
  }
}
