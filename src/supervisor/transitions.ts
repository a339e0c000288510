/**
 * The instance state machine as a literal table, `TABLE[state][event]`, in the style of
 * s6-supervise. `reduce` is pure: it never touches a process, a timer or a clock; it only says
 * what the next snapshot is and which effects the runner (instance.ts) must carry out.
 *
 * Every (state, event) cell is exactly one of:
 *   - a handler, which returns a transition (possibly to the same state, e.g. SIGKILL on stop-timeout),
 *   - `ignore(message)`, an explicit no-op such as `start` while RUNNING,
 *   - `REJECT`, an event that cannot happen in that state if the runner is correct.
 */
import type { State } from '../protocol/model.js';
import type { UnitSpec } from '../units/types.js';

export type TimerKind = 'start' | 'backoff' | 'kill';

export type InstanceEvent =
  | { type: 'start' }
  | { type: 'stop' }
  | { type: 'restart' }
  | { type: 'spawned' }
  | { type: 'spawnFailed'; reason: string }
  /** `at`: clock time of the exit (ms), for the start limit; the runner always sets it. */
  | { type: 'exited'; code: number | null; signal: string | null; at?: number }
  | { type: 'startTimerFired' }
  | { type: 'backoffTimerFired' }
  | { type: 'killTimerFired' };

export type EventType = InstanceEvent['type'];

export const EVENT_TYPES: readonly EventType[] = [
  'start', 'stop', 'restart', 'spawned', 'spawnFailed', 'exited',
  'startTimerFired', 'backoffTimerFired', 'killTimerFired',
];

export type Effect =
  | { type: 'spawn' }
  | { type: 'signalGroup'; signal: string }
  | { type: 'armTimer'; kind: TimerKind; ms: number }
  | { type: 'cancelTimer'; kind: TimerKind };

/** The parts of a unit that decide transitions; a `UnitSpec` is one. */
export type Policy = Pick<
  UnitSpec,
  'startSeconds' | 'startRetries' | 'restartDelay' | 'restart' | 'exitCodes' | 'stopSignal' | 'stopTimeout'
>;

export interface Snapshot {
  state: State;
  /** Consecutive failed starts since the last RUNNING or fresh start. */
  failedStarts: number;
  /** Automatic restarts by policy over the instance's whole life (manual starts do not count). */
  restarts: number;
  /** The current STOPPING was caused by us signalling the group. */
  stopSignalSent: boolean;
  /** A `restart` (or `start` during STOPPING) is waiting for the stop to finish. */
  startAfterStop: boolean;
  exitCode: number | null;
  signal: string | null;
  reason: string | null;
  /** Clock times of the policy restarts inside the start-limit window. */
  restartTimes: readonly number[];
}

export const INITIAL_SNAPSHOT: Snapshot = {
  state: 'STOPPED',
  failedStarts: 0,
  restarts: 0,
  stopSignalSent: false,
  startAfterStop: false,
  exitCode: null,
  signal: null,
  reason: null,
  restartTimes: [],
};

/**
 * systemd's start limit (StartLimitBurst=5 in StartLimitIntervalSec=10s): a RUNNING process that
 * keeps dying is restarted at once, but not more than this often. Without it a program that
 * crashes right after exec with `start-seconds = 0` would respawn in a tight loop.
 */
export const START_LIMIT_BURST = 5;
export const START_LIMIT_INTERVAL_MS = 10_000;

export type Reduction =
  | { kind: 'transition'; snapshot: Snapshot; effects: Effect[] }
  | { kind: 'ignored'; snapshot: Snapshot; message: string }
  | { kind: 'rejected'; snapshot: Snapshot; event: EventType; allowedStates: State[] };

type EventOf<K extends EventType> = Extract<InstanceEvent, { type: K }>;
type Handler<K extends EventType> = (snapshot: Snapshot, event: EventOf<K>, policy: Policy) => Reduction;
interface Ignore { kind: 'ignore'; message: string }
interface Reject { kind: 'reject' }
type Cell<K extends EventType> = Handler<K> | Ignore | Reject;
type Row = { [K in EventType]: Cell<K> };

const REJECT: Reject = { kind: 'reject' };
const ignore = (message: string): Ignore => ({ kind: 'ignore', message });

/** Retry delay after the k-th consecutive failed start: restart-delay × 2^(k−1), capped at 60 s. */
export function backoffMs(failedStarts: number, restartDelaySeconds: number): number {
  const seconds = restartDelaySeconds * 2 ** Math.max(0, failedStarts - 1);
  return Math.min(Math.round(seconds * 1000), 60_000);
}

export function describeExit(code: number | null, signal: string | null): string {
  if (signal !== null) return `killed by ${signal}`;
  return `exit ${code ?? 'unknown'}`;
}

function shouldRestart(policy: Policy, code: number | null, signal: string | null): boolean {
  switch (policy.restart) {
    case 'always':
      return true;
    case 'never':
      return false;
    case 'on-failure':
      // In RUNNING we never sent a signal, so any death by signal is a failure.
      return signal !== null || code === null || !policy.exitCodes.includes(code);
  }
}

function transition(snapshot: Snapshot, effects: Effect[]): Reduction {
  return { kind: 'transition', snapshot, effects };
}

function launchEffects(policy: Policy): Effect[] {
  const effects: Effect[] = [{ type: 'spawn' }];
  if (policy.startSeconds > 0) effects.push({ type: 'armTimer', kind: 'start', ms: Math.round(policy.startSeconds * 1000) });
  return effects;
}

/** A fresh start: failed-start counter and stop bookkeeping reset, `restarts` kept for the instance's life. */
function startFresh(snapshot: Snapshot, policy: Policy, reason: string, before: Effect[] = []): Reduction {
  return transition(
    { ...snapshot, state: 'STARTING', failedStarts: 0, stopSignalSent: false, startAfterStop: false, reason },
    [...before, ...launchEffects(policy)],
  );
}

function failedStart(snapshot: Snapshot, policy: Policy, cause: string, before: Effect[]): Reduction {
  const failedStarts = snapshot.failedStarts + 1;
  const effects: Effect[] = [...before, { type: 'cancelTimer', kind: 'start' }];
  if (failedStarts > policy.startRetries) {
    return transition({ ...snapshot, state: 'FATAL', failedStarts, reason: cause }, effects);
  }
  effects.push({ type: 'armTimer', kind: 'backoff', ms: backoffMs(failedStarts, policy.restartDelay) });
  return transition({ ...snapshot, state: 'BACKOFF', failedStarts, reason: cause }, effects);
}

function requestStop(snapshot: Snapshot, policy: Policy, thenStart: boolean): Reduction {
  return transition(
    {
      ...snapshot,
      state: 'STOPPING',
      stopSignalSent: true,
      startAfterStop: thenStart,
      reason: thenStart ? 'restart requested' : 'stop requested',
    },
    [
      { type: 'cancelTimer', kind: 'start' },
      { type: 'signalGroup', signal: policy.stopSignal },
      { type: 'armTimer', kind: 'kill', ms: Math.round(policy.stopTimeout * 1000) },
    ],
  );
}

/** When a leader is reaped, whatever it left in its process group is killed: no orphans outlive a run. */
const KILL_LEFTOVERS: Effect = { type: 'signalGroup', signal: 'SIGKILL' };

/** A start asked for by a person: the start limit begins anew, as `systemctl start` resets it. */
const startFromRest = (snapshot: Snapshot, _event: InstanceEvent, policy: Policy): Reduction =>
  startFresh({ ...snapshot, restartTimes: [] }, policy, 'start requested');

const idleRow = (stopMessage: string): Row => ({
  start: startFromRest,
  stop: ignore(stopMessage),
  restart: startFromRest,
  spawned: REJECT,
  spawnFailed: REJECT,
  exited: REJECT,
  startTimerFired: REJECT,
  backoffTimerFired: REJECT,
  killTimerFired: REJECT,
});

export const TABLE: Record<State, Row> = {
  STOPPED: idleRow('already stopped'),
  EXITED: idleRow('not running (exited)'),
  FATAL: idleRow('not running (fatal)'),

  STARTING: {
    start: ignore('already starting'),
    stop: (s, _e, p) => requestStop(s, p, false),
    restart: (s, _e, p) => requestStop(s, p, true),
    spawned: (s, _e, p) =>
      p.startSeconds > 0
        ? { kind: 'ignored', snapshot: s, message: 'exec succeeded; waiting for start-seconds' }
        : transition({ ...s, state: 'RUNNING', failedStarts: 0, reason: null }, []),
    spawnFailed: (s, e, p) => failedStart({ ...s, exitCode: null, signal: null }, p, e.reason, []),
    exited: (s, e, p) =>
      failedStart({ ...s, exitCode: e.code, signal: e.signal }, p, describeExit(e.code, e.signal), [KILL_LEFTOVERS]),
    startTimerFired: (s) => transition({ ...s, state: 'RUNNING', failedStarts: 0, reason: null }, []),
    backoffTimerFired: REJECT,
    killTimerFired: REJECT,
  },

  RUNNING: {
    start: ignore('already running'),
    stop: (s, _e, p) => requestStop(s, p, false),
    restart: (s, _e, p) => requestStop(s, p, true),
    // Real spawners report exec success before any timer can fire; tolerate the reverse order.
    spawned: ignore('already running'),
    spawnFailed: REJECT,
    exited: (s, e, p) => {
      const exit = describeExit(e.code, e.signal);
      const after = { ...s, exitCode: e.code, signal: e.signal };
      if (shouldRestart(p, e.code, e.signal)) {
        const now = e.at ?? 0;
        const recent = e.at === undefined ? [] : [...s.restartTimes.filter((t) => now - t < START_LIMIT_INTERVAL_MS), now];
        if (recent.length > START_LIMIT_BURST) {
          const limit = `restarted ${START_LIMIT_BURST} times within ${START_LIMIT_INTERVAL_MS / 1000}s`;
          return transition({ ...after, state: 'FATAL', restartTimes: [], reason: `${exit}; ${limit} (start limit)` }, [KILL_LEFTOVERS]);
        }
        return startFresh({ ...after, restarts: s.restarts + 1, restartTimes: recent }, p, `${exit}; restarting (restart = ${p.restart})`, [KILL_LEFTOVERS]);
      }
      return transition({ ...after, state: 'EXITED', reason: exit }, [KILL_LEFTOVERS]);
    },
    startTimerFired: REJECT,
    backoffTimerFired: REJECT,
    killTimerFired: REJECT,
  },

  BACKOFF: {
    start: ignore('already starting (retry scheduled)'),
    stop: (s) => transition({ ...s, state: 'STOPPED', startAfterStop: false, reason: 'stopped' }, [{ type: 'cancelTimer', kind: 'backoff' }]),
    restart: (s, _e, p) => startFresh({ ...s, restartTimes: [] }, p, 'restart requested', [{ type: 'cancelTimer', kind: 'backoff' }]),
    spawned: REJECT,
    spawnFailed: REJECT,
    exited: REJECT,
    startTimerFired: REJECT,
    backoffTimerFired: (s, _e, p) =>
      transition({ ...s, state: 'STARTING', reason: `retry ${s.failedStarts} of ${p.startRetries}` }, launchEffects(p)),
    killTimerFired: REJECT,
  },

  STOPPING: {
    start: (s) => transition({ ...s, startAfterStop: true }, []),
    stop: (s) => transition({ ...s, startAfterStop: false }, []),
    restart: (s) => transition({ ...s, startAfterStop: true }, []),
    spawned: ignore('exec succeeded while stopping; the stop signal already reached the group'),
    spawnFailed: (s, e, p) => finishStop({ ...s, exitCode: null, signal: null }, p, e.reason, []),
    exited: (s, e, p) =>
      finishStop({ ...s, exitCode: e.code, signal: e.signal }, p, describeExit(e.code, e.signal), [KILL_LEFTOVERS]),
    startTimerFired: REJECT,
    backoffTimerFired: REJECT,
    killTimerFired: (s, _e, p) =>
      transition({ ...s, reason: `stop-timeout (${p.stopTimeout}s) expired; SIGKILL sent` }, [{ type: 'signalGroup', signal: 'SIGKILL' }]),
  },
};

/** A process we stopped is never restarted by policy and never FATAL: it is STOPPED, or started afresh on request. */
function finishStop(snapshot: Snapshot, policy: Policy, how: string, before: Effect[]): Reduction {
  const effects: Effect[] = [...before, { type: 'cancelTimer', kind: 'kill' }];
  if (snapshot.startAfterStop) return startFresh({ ...snapshot, restartTimes: [] }, policy, `stopped (${how}); starting again`, effects);
  return transition({ ...snapshot, state: 'STOPPED', stopSignalSent: false, reason: `stopped (${how})` }, effects);
}

export function allowedStates(event: EventType): State[] {
  return (Object.keys(TABLE) as State[]).filter((state) => TABLE[state][event] !== REJECT);
}

export function reduce(snapshot: Snapshot, event: InstanceEvent, policy: Policy): Reduction {
  const cell = TABLE[snapshot.state][event.type] as Cell<EventType>;
  if (cell === REJECT) return { kind: 'rejected', snapshot, event: event.type, allowedStates: allowedStates(event.type) };
  if (typeof cell !== 'function') return { kind: 'ignored', snapshot, message: (cell as Ignore).message };
  return (cell as (s: Snapshot, e: InstanceEvent, p: Policy) => Reduction)(snapshot, event, policy);
}

/** Thrown by the runner when an event arrives that the table rejects: always a bug, never user input. */
export class IllegalTransitionError extends Error {
  constructor(
    readonly instance: string,
    readonly state: State,
    readonly event: EventType,
    readonly allowed: State[],
  ) {
    super(`${instance}: event '${event}' is illegal in ${state} (allowed in: ${allowed.join(', ') || 'none'})`);
    this.name = 'IllegalTransitionError';
  }
}
