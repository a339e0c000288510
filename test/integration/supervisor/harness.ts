/**
 * Real processes in a temp dir. Every process group a test ever spawned is SIGKILLed in cleanup,
 * by group id, whatever state the supervisor believes it is in.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TransitionEvent } from '../../../src/protocol/model.js';
import { groupMembers } from '../../../src/supervisor/procfs.js';
import { Supervisor } from '../../../src/supervisor/supervisor.js';

export async function waitFor(predicate: () => boolean, timeoutMs = 8000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Only for asserting that something does NOT happen within a window. */
export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const readText = (file: string): string => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');

export class Harness {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-sup-'));
  readonly logDir = path.join(this.dir, 'logs');
  readonly events: TransitionEvent[] = [];
  readonly groups = new Set<number>();
  readonly supervisor = new Supervisor({
    logDir: this.logDir,
    onTransition: (event) => {
      this.events.push(event);
      if (event.to === 'STARTING' && event.pid !== null) this.groups.add(event.pid);
    },
  });

  /** Transitions of one instance as "FROM>TO". */
  path(unit: string, instance = 0): string[] {
    return this.events.filter((e) => e.unit === unit && e.instance === instance).map((e) => `${e.from}>${e.to}`);
  }

  instance(unit: string, index = 0) {
    const found = this.supervisor.instances().find((i) => i.unit === unit && i.index === index);
    if (found === undefined) throw new Error(`no instance ${unit}:${index}`);
    return found;
  }

  async waitForState(unit: string, state: string, index = 0, timeoutMs = 8000): Promise<void> {
    await waitFor(() => this.instance(unit, index).state === state, timeoutMs, `${unit}:${index} to be ${state}`);
  }

  async cleanup(): Promise<void> {
    await Promise.race([this.supervisor.stopAll(), pause(5000)]);
    for (const pgid of this.groups) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // Already gone, as it should be.
      }
    }
    await waitFor(() => [...this.groups].every((pgid) => groupMembers(pgid).length === 0), 5000, 'test processes to die');
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Declares a fresh Harness for every test of the enclosing `describe`, cleaned up after it. The
 * returned object forwards to the current test's Harness, so test bodies read `h.supervisor...`.
 */
export function harnessPerTest(): Harness {
  let current: Harness | null = null;
  beforeEach(() => {
    current = new Harness();
  });
  afterEach(async () => {
    await current?.cleanup();
    current = null;
  });
  return new Proxy({} as Harness, {
    get(_target, key) {
      if (current === null) throw new Error('the harness exists only inside a test');
      const value: unknown = Reflect.get(current, key, current);
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
}
