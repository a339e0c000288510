import type { InvalidUnitStatus, PlanSummary } from '../protocol/model.js';
import type { Supervisor } from '../supervisor/supervisor.js';
import { diff, formatDiagnostic, type UnitLoader } from '../units/index.js';
import type { Plan, UnitSpec } from '../units/types.js';
import type { EventLog } from './eventlog.js';
import { describePlan, planIsEmpty, summarisePlan } from './plan-summary.js';

/** The units directory is missing or unreadable: the reload changed nothing. */
export class UnitsDirUnusableError extends Error {}

/** The daemon is shutting down: no reload is applied any more. */
export class ReconcilerClosedError extends Error {
  constructor() {
    super('the daemon is shutting down');
  }
}

/**
 * Owns the committed set of units and turns every rescan into a plan applied to the supervisor.
 * Reloads are serialised: a file saved while a reload is still stopping processes waits its turn,
 * so two plans never interleave.
 */
export class Reconciler {
  private readonly current = new Map<string, UnitSpec>();
  private readonly invalid = new Map<string, InvalidUnitStatus>();
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly unitsDir: string,
    private readonly loader: UnitLoader,
    private readonly supervisor: Supervisor,
    private readonly events: EventLog,
  ) {}

  /** Rescans the units directory and applies (or, dry, only computes) the plan. */
  reload(options: { dryRun: boolean; cause: string }): Promise<PlanSummary> {
    const run = this.queue.then(() => this.reloadNow(options));
    this.queue = run.catch(() => {});
    return run;
  }

  /**
   * No reload runs after this resolves, not even one already queued: shutdown calls it before
   * stopping everything, so no late plan can start a process that would outlive the daemon.
   */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
  }

  invalidUnits(): InvalidUnitStatus[] {
    return [...this.invalid.values()];
  }

  /** Units as last committed; the first load is available before any process starts. */
  specs(): ReadonlyMap<string, UnitSpec> {
    return this.current;
  }

  /** Loads and commits the first plan without starting anything (crash recovery runs between). */
  async prepareInitial(): Promise<Plan> {
    const next = await this.loader.loadDir(this.unitsDir);
    return diff(this.current, next);
  }

  async applyInitial(plan: Plan): Promise<PlanSummary> {
    await this.apply(plan);
    const summary = summarisePlan(plan);
    this.events.daemon(`load: ${describePlan(summary)}`);
    this.recordInvalid(summary.invalid);
    return summary;
  }

  private async reloadNow({ dryRun, cause }: { dryRun: boolean; cause: string }): Promise<PlanSummary> {
    if (this.closed) throw new ReconcilerClosedError();
    const next = await this.loader.loadDir(this.unitsDir);
    if (next.dirError) {
      // A vanished or unreadable directory is far more often a mistake or a move in progress
      // than a wish to stop everything: keep what runs and wait for the directory to come back.
      const message = `units directory unusable (${next.dirError.message}); nothing changed`;
      this.events.daemon(`${cause}: ${message}`);
      throw new UnitsDirUnusableError(message);
    }
    const plan = diff(this.current, next);
    const summary = summarisePlan(plan);
    if (dryRun) return summary;
    await this.apply(plan);
    const changed = { ...summary, invalid: summary.invalid.filter((i) => this.invalidChanged(i)) };
    if (!planIsEmpty(changed)) this.events.daemon(`${cause}: ${describePlan(changed)}`);
    this.recordInvalid(summary.invalid);
    return summary;
  }

  private async apply(plan: Plan): Promise<void> {
    for (const spec of plan.add) this.current.set(spec.name, spec);
    for (const spec of plan.restart) this.current.set(spec.name, spec);
    for (const { unit } of plan.scale) this.current.set(unit.name, unit);
    for (const spec of plan.unchanged) this.current.set(spec.name, spec);
    for (const name of plan.remove) this.current.delete(name);

    this.supervisor.prepareLogFiles([...plan.add, ...plan.restart, ...plan.scale.map((s) => s.unit)]);
    for (const spec of plan.unchanged) this.supervisor.update(spec);
    for (const spec of plan.add) this.supervisor.add(spec);
    await Promise.all([
      ...plan.remove.map((name) => this.supervisor.remove(name)),
      ...plan.restart.map((spec) => this.supervisor.replace(spec)),
      ...plan.scale.map(({ unit }) => this.supervisor.scale(unit)),
    ]);
  }

  private invalidChanged(next: InvalidUnitStatus): boolean {
    const previous = this.invalid.get(next.unit);
    return !previous || JSON.stringify(previous.diagnostics) !== JSON.stringify(next.diagnostics);
  }

  private recordInvalid(invalid: InvalidUnitStatus[]): void {
    for (const entry of invalid) {
      if (this.invalidChanged(entry)) {
        for (const d of entry.diagnostics) this.events.daemon(`invalid unit ${entry.unit}: ${formatDiagnostic(d)}`);
      }
    }
    this.invalid.clear();
    for (const entry of invalid) this.invalid.set(entry.unit, entry);
  }
}
