/**
 * Runs the transition table for one process: feeds it events, carries out its effects through the
 * injected Spawner and Clock, and announces every state change. All bookkeeping that is not a
 * decision (pids, timer handles, waiters) lives here; every decision lives in transitions.ts.
 */
import type { InstanceStatus, State, TransitionEvent } from '../protocol/model.js';
import type { UnitSpec } from '../units/types.js';
import { systemClock, type Clock, type Spawner, type TimerHandle } from './ports.js';
import {
  INITIAL_SNAPSHOT,
  IllegalTransitionError,
  reduce,
  type Effect,
  type InstanceEvent,
  type Reduction,
  type Snapshot,
  type TimerKind,
} from './transitions.js';
import { createProcessSpawner } from './spawn.js';

export interface InstanceOptions {
  logDir: string;
  onTransition(event: TransitionEvent): void;
  spawner?: Spawner;
  clock?: Clock;
}

/** States in which the instance owns a process or is about to: it is "active". */
export const ACTIVE_STATES: ReadonlySet<State> = new Set(['STARTING', 'RUNNING', 'BACKOFF', 'STOPPING']);

const TIMER_EVENTS: Record<TimerKind, InstanceEvent> = {
  start: { type: 'startTimerFired' },
  backoff: { type: 'backoffTimerFired' },
  kill: { type: 'killTimerFired' },
};

interface Waiter {
  predicate(instance: Instance): boolean;
  resolve(): void;
}

export class Instance {
  readonly unit: string;
  readonly index: number;
  #spec: UnitSpec;
  #snapshot: Snapshot = INITIAL_SNAPSHOT;
  readonly #logDir: string;
  readonly #spawner: Spawner;
  readonly #clock: Clock;
  readonly #onTransition: (event: TransitionEvent) => void;
  /** Live leader pid; null when no process runs. */
  #pid: number | null = null;
  /** Group of the latest child, kept after it exits so its leftovers can still be killed. */
  #pgid: number | null = null;
  /** The pid a transition is about when the process just went away. */
  #departedPid: number | null = null;
  #startedAt: number | null = null;
  /** Bumped per spawn so late callbacks from an earlier child are dropped, not misapplied. */
  #generation = 0;
  readonly #timers = new Map<TimerKind, TimerHandle>();
  #waiters: Waiter[] = [];
  readonly #outbox: TransitionEvent[] = [];
  #announcing = false;

  constructor(spec: UnitSpec, index: number, options: InstanceOptions) {
    this.unit = spec.name;
    this.index = index;
    this.#spec = spec;
    this.#logDir = options.logDir;
    this.#spawner = options.spawner ?? createProcessSpawner();
    this.#clock = options.clock ?? systemClock;
    this.#onTransition = options.onTransition;
  }

  get label(): string {
    return `${this.unit}:${this.index}`;
  }
  get spec(): UnitSpec {
    return this.#spec;
  }
  get snapshot(): Snapshot {
    return this.#snapshot;
  }
  get state(): State {
    return this.#snapshot.state;
  }
  get pid(): number | null {
    return this.#pid;
  }
  /** Epoch ms at which the current process was spawned; null when none runs. */
  get startedAt(): number | null {
    return this.#pid === null ? null : this.#startedAt;
  }
  get restarts(): number {
    return this.#snapshot.restarts;
  }
  get exitCode(): number | null {
    return this.#snapshot.exitCode;
  }
  get signal(): string | null {
    return this.#snapshot.signal;
  }
  get reason(): string | null {
    return this.#snapshot.reason;
  }
  get active(): boolean {
    return ACTIVE_STATES.has(this.state);
  }

  /** Commits a new spec; the Supervisor only does this when the process fields are unchanged or it is inactive. */
  adoptSpec(spec: UnitSpec): void {
    this.#spec = spec;
  }

  start(): Reduction {
    return this.send({ type: 'start' });
  }
  stop(): Reduction {
    return this.send({ type: 'stop' });
  }
  restart(): Reduction {
    return this.send({ type: 'restart' });
  }

  /** Feeds one event to the table. A rejected event means the runner is broken, so it throws. */
  send(event: InstanceEvent): Reduction {
    const from = this.#snapshot;
    const result = reduce(from, event, this.#spec);
    if (result.kind === 'rejected') {
      throw new IllegalTransitionError(this.label, from.state, event.type, result.allowedStates);
    }
    if (result.kind === 'ignored') return result;
    this.#snapshot = result.snapshot;
    for (const effect of result.effects) this.#perform(effect);
    if (result.snapshot.state !== from.state) this.#announce(from.state, result.snapshot);
    this.#departedPid = null;
    return result;
  }

  /** Resolves once `predicate` holds, checked now and after every state change. */
  waitFor(predicate: (instance: Instance) => boolean): Promise<void> {
    if (predicate(this)) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ predicate, resolve }));
  }

  status(): InstanceStatus {
    const startedAt = this.startedAt;
    return {
      unit: this.unit,
      instance: this.index,
      state: this.state,
      pid: this.#pid,
      uptime_s: startedAt === null ? null : Math.max(0, (this.#clock.now() - startedAt) / 1000),
      restarts: this.restarts,
      exit_code: this.exitCode,
      signal: this.signal,
      reason: this.reason,
      command: this.#spec.command,
      description: this.#spec.description,
      cpu_percent: null,
      rss_bytes: null,
    };
  }

  #perform(effect: Effect): void {
    switch (effect.type) {
      case 'spawn':
        return this.#spawn();
      case 'signalGroup':
        if (this.#pgid !== null) this.#spawner.signalGroup(this.#pgid, effect.signal);
        return;
      case 'armTimer':
        return this.#arm(effect.kind, effect.ms);
      case 'cancelTimer':
        this.#timers.get(effect.kind)?.cancel();
        this.#timers.delete(effect.kind);
        return;
    }
  }

  #spawn(): void {
    const generation = ++this.#generation;
    const current = (): boolean => generation === this.#generation;
    const pid = this.#spawner.spawn(
      { spec: this.#spec, instance: this.index, logDir: this.#logDir },
      {
        spawned: () => {
          if (current()) this.send({ type: 'spawned' });
        },
        failed: (reason) => {
          if (!current()) return;
          this.#pid = null;
          this.send({ type: 'spawnFailed', reason });
        },
        exited: (code, signal) => {
          if (!current()) return;
          this.#departedPid = this.#pid;
          this.#pid = null;
          this.send({ type: 'exited', code, signal, at: this.#clock.now() });
        },
      },
    );
    this.#pid = pid;
    this.#pgid = pid;
    this.#startedAt = pid === null ? null : this.#clock.now();
  }

  #arm(kind: TimerKind, ms: number): void {
    this.#timers.get(kind)?.cancel();
    const handle = this.#clock.schedule(ms, () => {
      // A timer cancelled or re-armed after it was queued must not fire into a later state.
      if (this.#timers.get(kind) !== handle) return;
      this.#timers.delete(kind);
      this.send(TIMER_EVENTS[kind]);
    });
    this.#timers.set(kind, handle);
  }

  #announce(from: State, snapshot: Snapshot): void {
    this.#outbox.push({
      type: 'transition',
      time: new Date(this.#clock.now()).toISOString(),
      unit: this.unit,
      instance: this.index,
      from,
      to: snapshot.state,
      pid: this.#pid ?? this.#departedPid,
      reason: this.#describeReason(snapshot.reason),
    });
    // A listener that triggers another transition must not see events out of order.
    if (this.#announcing) return;
    this.#announcing = true;
    try {
      for (let event = this.#outbox.shift(); event !== undefined; event = this.#outbox.shift()) {
        this.#onTransition(event);
        this.#wakeWaiters();
      }
    } finally {
      this.#announcing = false;
    }
  }

  /** When a process died and its successor was spawned in one step, the line names the one that died too. */
  #describeReason(reason: string | null): string | null {
    const departed = this.#departedPid;
    if (departed === null || this.#pid === null || departed === this.#pid) return reason;
    return reason === null ? `pid ${departed} ended` : `pid ${departed}: ${reason}`;
  }

  #wakeWaiters(): void {
    if (this.#waiters.length === 0) return;
    const pending: Waiter[] = [];
    for (const waiter of this.#waiters) {
      if (waiter.predicate(this)) waiter.resolve();
      else pending.push(waiter);
    }
    this.#waiters = pending;
  }
}
