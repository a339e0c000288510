/**
 * The daemon's handle on every supervised process: units, their instances, and the commands and
 * reconfigurations applied to them. Each unit has its own queue, so a reload, a scale and a user's
 * `start` on the same unit never interleave; different units never wait for each other.
 */
import type { InstanceStatus, State, TransitionEvent } from '../protocol/model.js';
import type { UnitSpec } from '../units/types.js';
import { ACTIVE_STATES, Instance } from './instance.js';
import { logPath, type Stream } from './log-paths.js';
import type { Clock, Spawner } from './ports.js';
import { SerialQueue } from './serial-queue.js';
import { createLogFiles, createProcessSpawner } from './spawn.js';
import type { Reduction } from './transitions.js';

export interface SupervisorOptions {
  logDir: string;
  onTransition(event: TransitionEvent): void;
  spawner?: Spawner;
  clock?: Clock;
}

export interface ActionOutcome {
  unit: string;
  instance: number;
  ok: boolean;
  state: State;
  message: string;
}

interface UnitEntry {
  spec: UnitSpec;
  instances: Instance[];
  queue: SerialQueue;
}

const SETTLED_AFTER_START: ReadonlySet<State> = new Set(['RUNNING', 'FATAL', 'EXITED', 'STOPPED']);

const isInactive = (instance: Instance): boolean => !ACTIVE_STATES.has(instance.state);

function describeFailure(instance: Instance): string {
  return instance.reason === null ? instance.state : `${instance.state}: ${instance.reason}`;
}

export class Supervisor {
  readonly #units = new Map<string, UnitEntry>();
  readonly #logDir: string;
  readonly #onTransition: (event: TransitionEvent) => void;
  readonly #spawner: Spawner;
  readonly #clock: Clock | undefined;

  constructor(options: SupervisorOptions) {
    this.#logDir = options.logDir;
    this.#onTransition = options.onTransition;
    this.#spawner = options.spawner ?? createProcessSpawner();
    this.#clock = options.clock;
  }

  add(spec: UnitSpec): void {
    if (this.#units.has(spec.name)) throw new Error(`unit ${spec.name} is already supervised; use replace, scale or update`);
    const entry: UnitEntry = { spec, instances: [], queue: new SerialQueue() };
    entry.instances = Array.from({ length: spec.instances }, (_, index) => this.#createInstance(spec, index));
    this.#units.set(spec.name, entry);
    if (spec.autostart) for (const instance of entry.instances) instance.start();
  }

  update(spec: UnitSpec): void {
    const entry = this.#units.get(spec.name);
    if (entry === undefined) return;
    void entry.queue.run(() => {
      this.#commit(entry, spec);
    });
  }

  replace(spec: UnitSpec): Promise<void> {
    return this.#reconfigure(spec, async (entry) => {
      const wasActive = entry.instances.some((instance) => instance.active);
      await stopAndReap(entry.instances);
      this.#commit(entry, spec);
      this.#resize(entry, spec);
      if (spec.autostart || wasActive) for (const instance of entry.instances) instance.start();
    });
  }

  scale(spec: UnitSpec): Promise<void> {
    return this.#reconfigure(spec, async (entry) => {
      const anyActive = entry.instances.some((instance) => instance.active);
      const before = entry.instances.length;
      this.#commit(entry, spec);
      if (spec.instances > before) {
        const added = this.#resize(entry, spec);
        if (spec.autostart || anyActive) for (const instance of added) instance.start();
        return;
      }
      // The doomed instances stay visible (STOPPING) until reaped, then are dropped.
      await stopAndReap(entry.instances.slice(spec.instances));
      this.#resize(entry, spec);
    });
  }

  remove(name: string): Promise<void> {
    const entry = this.#units.get(name);
    if (entry === undefined) return Promise.resolve();
    return entry.queue.run(async () => {
      await stopAndReap(entry.instances);
      if (this.#units.get(name) === entry) this.#units.delete(name);
    });
  }

  has(name: string): boolean {
    return this.#units.has(name);
  }

  spec(name: string): UnitSpec | undefined {
    return this.#units.get(name)?.spec;
  }

  specs(): UnitSpec[] {
    return this.#sortedEntries().map((entry) => entry.spec);
  }

  instanceCount(name: string): number {
    return this.#units.get(name)?.instances.length ?? 0;
  }

  start(unit: string, instance: number, wait: boolean): Promise<ActionOutcome> {
    return this.#command(unit, instance, (target) => target.start(), async (target, result) => {
      if (result.kind === 'ignored' && target.state === 'RUNNING') return [true, 'already running'];
      if (!wait) return [true, result.kind === 'ignored' ? result.message : 'starting'];
      await target.waitFor((i) => SETTLED_AFTER_START.has(i.state));
      return target.state === 'RUNNING' ? [true, `running (pid ${target.pid})`] : [false, describeFailure(target)];
    });
  }

  stop(unit: string, instance: number, wait: boolean): Promise<ActionOutcome> {
    return this.#command(unit, instance, (target) => target.stop(), async (target, result) => {
      if (result.kind === 'ignored') return [true, result.message];
      if (!wait) return [true, target.state === 'STOPPED' ? 'stopped' : 'stopping'];
      // STOPPING ends in STOPPED, or in STARTING when someone asked for a start meanwhile.
      await target.waitFor((i) => i.state !== 'STOPPING');
      return isInactive(target) ? [true, 'stopped'] : [false, `start requested while stopping; now ${target.state}`];
    });
  }

  restart(unit: string, instance: number, wait: boolean): Promise<ActionOutcome> {
    return this.#command(unit, instance, (target) => target.restart(), async (target) => {
      if (!wait) return [true, 'restarting'];
      await target.waitFor((i) => SETTLED_AFTER_START.has(i.state));
      return target.state === 'RUNNING' ? [true, `running (pid ${target.pid})`] : [false, describeFailure(target)];
    });
  }

  status(): InstanceStatus[] {
    return this.instances().map((instance) => instance.status());
  }

  instances(): Instance[] {
    return this.#sortedEntries().flatMap((entry) => entry.instances);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.#units.values()].map((entry) => entry.queue.run(() => stopAndReap(entry.instances))));
  }

  /** Creates the log files of these units' instances in one batch, before any of them is spawned. */
  prepareLogFiles(specs: readonly UnitSpec[]): void {
    createLogFiles(specs, this.#logDir);
  }

  logPath(unit: string, instance: number, stream: Stream): string | null {
    const spec = this.#units.get(unit)?.spec;
    return spec === undefined ? null : logPath(spec, instance, stream, this.#logDir);
  }

  #createInstance(spec: UnitSpec, index: number): Instance {
    return new Instance(spec, index, {
      logDir: this.#logDir,
      onTransition: this.#onTransition,
      spawner: this.#spawner,
      clock: this.#clock,
    });
  }

  /** Runs `work` on the unit's queue, after anything already queued; a unit not supervised yet is simply added. */
  #reconfigure(spec: UnitSpec, work: (entry: UnitEntry) => Promise<void>): Promise<void> {
    const entry = this.#units.get(spec.name);
    if (entry === undefined) {
      this.add(spec);
      return Promise.resolve();
    }
    return entry.queue.run(() => work(entry));
  }

  #commit(entry: UnitEntry, spec: UnitSpec): void {
    entry.spec = spec;
    for (const instance of entry.instances) instance.adoptSpec(spec);
  }

  /** Brings the instance list to `spec.instances`, returning the ones created; extras must already be stopped. */
  #resize(entry: UnitEntry, spec: UnitSpec): Instance[] {
    const added: Instance[] = [];
    for (let index = entry.instances.length; index < spec.instances; index++) added.push(this.#createInstance(spec, index));
    entry.instances = [...entry.instances.slice(0, spec.instances), ...added];
    return added;
  }

  #sortedEntries(): UnitEntry[] {
    return [...this.#units.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, entry]) => entry);
  }

  /** Dispatches under the unit's queue (so it lands after any reconfiguration), then waits outside it. */
  async #command(
    unit: string,
    index: number,
    dispatch: (target: Instance) => Reduction,
    settle: (target: Instance, result: Reduction) => Promise<[boolean, string]>,
  ): Promise<ActionOutcome> {
    const entry = this.#units.get(unit);
    if (entry === undefined) return { unit, instance: index, ok: false, state: 'STOPPED', message: `no such unit: ${unit}` };
    const dispatched = await entry.queue.run(() => {
      const target = this.#units.get(unit) === entry ? entry.instances[index] : undefined;
      return target === undefined ? null : { target, result: dispatch(target) };
    });
    if (dispatched === null) {
      const message = this.#units.get(unit) === entry
        ? `no such instance: ${unit}:${index} (unit has ${entry.instances.length})`
        : `no such unit: ${unit}`;
      return { unit, instance: index, ok: false, state: 'STOPPED', message };
    }
    const [ok, message] = await settle(dispatched.target, dispatched.result);
    return { unit, instance: index, ok, state: dispatched.target.state, message };
  }
}

/** Stops every instance at once, each with its own signal and timeout; resolves when all are reaped. */
async function stopAndReap(instances: Instance[]): Promise<void> {
  await Promise.all(
    instances.map((instance) => {
      instance.stop();
      return instance.waitFor(isInactive);
    }),
  );
}
