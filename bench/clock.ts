import { performance } from 'node:perf_hooks';

/**
 * Synchronous waiting: while a measurement runs, the harness does nothing but poll /proc, so it
 * blocks instead of going through the event loop, whose timers are too coarse for a 2 ms figure.
 */

const sleeper = new Int32Array(new SharedArrayBuffer(4));

export function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

export function now(): number {
  return performance.now();
}

export class DeadlineError extends Error {
  constructor(what: string, timeoutMs: number) {
    super(`timed out after ${(timeoutMs / 1000).toFixed(1)} s waiting for ${what}`);
  }
}

export interface PollOptions {
  /** What is awaited, for the timeout message. */
  what: string;
  timeoutMs: number;
  /** Pause between polls; small, since the pause bounds the measurement's resolution. */
  intervalMs: number;
}

/** Polls `check` until it returns a value other than undefined; throws DeadlineError past the deadline. */
export function pollSync<T>(check: () => T | undefined, options: PollOptions): T {
  const deadline = now() + options.timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (now() > deadline) throw new DeadlineError(options.what, options.timeoutMs);
    sleepSync(options.intervalMs);
  }
}

/** The same, letting the event loop run between polls (for waits that need I/O callbacks). */
export async function pollAsync<T>(check: () => T | undefined, options: PollOptions): Promise<T> {
  const deadline = now() + options.timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (now() > deadline) throw new DeadlineError(options.what, options.timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
  }
}
