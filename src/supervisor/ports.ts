/**
 * The narrow interfaces through which an Instance touches the world, so unit tests can drive
 * the state machine with a fake clock and a fake spawner.
 */
import type { UnitSpec } from '../units/types.js';

export interface SpawnRequest {
  spec: UnitSpec;
  instance: number;
  logDir: string;
}

/**
 * Receives the fate of one child. A spawner reports exactly one of `failed`, or `spawned` then
 * (later) `exited`, and never synchronously from inside `spawn`.
 */
export interface ChildObserver {
  spawned(): void;
  failed(reason: string): void;
  exited(code: number | null, signal: string | null): void;
}

export interface Spawner {
  /** Starts the child as the leader of its own process group; returns its pid, or null if it never started. */
  spawn(request: SpawnRequest, observer: ChildObserver): number | null;
  /** Sends `signal` to every process in the group; a group that is already gone is not an error. */
  signalGroup(pgid: number, signal: string): void;
}

export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  schedule(ms: number, fire: () => void): TimerHandle;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  schedule(ms, fire) {
    const timer = setTimeout(fire, ms);
    return { cancel: () => clearTimeout(timer) };
  },
};
