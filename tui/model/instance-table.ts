import type {
  InstanceStatus,
  InvalidUnitStatus,
  NotificationParams,
  State,
  TransitionEvent,
} from '../../src/protocol/index.js';

/** One supervised process as the table shows it; uptime is kept as a start time so it can tick locally. */
export interface InstanceRow {
  kind: 'instance';
  key: string;
  unit: string;
  instance: number;
  state: State;
  pid: number | null;
  restarts: number;
  exitCode: number | null;
  signal: string | null;
  reason: string | null;
  command: string;
  description: string;
  startedAtMs: number | null;
  cpuPercent: number | null;
  rssBytes: number | null;
}

/** A unit file the daemon could not load; it sorts with its unit and carries the diagnostics. */
export interface InvalidRow {
  kind: 'invalid';
  key: string;
  unit: string;
  file: string;
  kept: boolean;
  diagnostics: InvalidUnitStatus['diagnostics'];
}

export type TableRow = InstanceRow | InvalidRow;

type StatsSample = NotificationParams<'stats'>['samples'][number];

/** States in which a process exists, so it has a pid and an uptime. */
const LIVE_STATES: ReadonlySet<State> = new Set(['STARTING', 'RUNNING', 'STOPPING']);

export function instanceKey(unit: string, instance: number): string {
  return `${unit}:${instance}`;
}

function invalidKey(unit: string): string {
  return `${unit}!invalid`;
}

/**
 * The local copy of the daemon's instances. A full `status` replaces it; events and stats then
 * update single rows in place, so the cost of an event does not grow with the number of instances.
 */
export class InstanceTable {
  private readonly rows = new Map<string, TableRow>();
  private ordered: TableRow[] = [];
  private orderStale = false;
  private filterText = '';
  private filtered: TableRow[] | null = null;
  private longestName: number | null = null;

  replaceAll(instances: readonly InstanceStatus[], invalid: readonly InvalidUnitStatus[], nowMs: number): void {
    this.rows.clear();
    for (const status of instances) this.rows.set(instanceKey(status.unit, status.instance), rowFromStatus(status, nowMs));
    for (const unit of invalid) this.rows.set(invalidKey(unit.unit), rowFromInvalid(unit));
    this.membershipChanged();
  }

  /** Replaces what the table holds for these units only (a targeted `status {names}` answer). */
  replaceUnits(units: readonly string[], instances: readonly InstanceStatus[], invalid: readonly InvalidUnitStatus[], nowMs: number): void {
    const replaced = new Set(units);
    for (const [key, row] of this.rows) if (replaced.has(row.unit)) this.rows.delete(key);
    for (const status of instances) this.rows.set(instanceKey(status.unit, status.instance), rowFromStatus(status, nowMs));
    for (const unit of invalid) this.rows.set(invalidKey(unit.unit), rowFromInvalid(unit));
    this.membershipChanged();
  }

  /** Returns false when the instance is unknown here (a unit added since the last full status). */
  applyTransition(event: TransitionEvent, nowMs: number): boolean {
    const row = this.rows.get(instanceKey(event.unit, event.instance));
    if (!row || row.kind !== 'instance') return false;
    const eventMs = Date.parse(event.time);
    const at = Number.isFinite(eventMs) && eventMs <= nowMs ? eventMs : nowMs;
    if (event.to === 'STARTING') {
      // Only the restart policy goes RUNNING -> STARTING; a manual restart passes through STOPPING.
      if (event.from === 'RUNNING') row.restarts += 1;
      row.startedAtMs = at;
    } else if (LIVE_STATES.has(event.to)) {
      row.startedAtMs ??= at;
    } else {
      row.startedAtMs = null;
      row.cpuPercent = null;
      row.rssBytes = null;
    }
    row.state = event.to;
    row.pid = LIVE_STATES.has(event.to) ? (event.pid ?? row.pid) : null;
    row.reason = event.reason;
    return true;
  }

  applyStats(samples: readonly StatsSample[]): void {
    for (const sample of samples) {
      const row = this.rows.get(instanceKey(sample.unit, sample.instance));
      if (!row || row.kind !== 'instance') continue;
      row.cpuPercent = sample.cpu_percent;
      row.rssBytes = sample.rss_bytes;
    }
  }

  get(key: string): TableRow | undefined {
    return this.rows.get(key);
  }

  get size(): number {
    return this.rows.size;
  }

  /** Every row, sorted by unit, invalid entry first, then instance number. */
  all(): readonly TableRow[] {
    if (this.orderStale) {
      this.ordered = [...this.rows.values()].sort(compareRows);
      this.orderStale = false;
    }
    return this.ordered;
  }

  /** For the UNIT column's width; recomputed only when membership changes. */
  longestUnitName(): number {
    if (this.longestName === null) {
      this.longestName = 0;
      for (const row of this.rows.values()) this.longestName = Math.max(this.longestName, row.unit.length);
    }
    return this.longestName;
  }

  get filter(): string {
    return this.filterText;
  }

  setFilter(text: string): void {
    if (text === this.filterText) return;
    this.filterText = text;
    this.filtered = null;
  }

  /** The rows matching the name filter; recomputed only when membership or the filter changes. */
  visible(): readonly TableRow[] {
    const all = this.all();
    if (this.filterText === '') return all;
    if (!this.filtered) {
      const needle = this.filterText.toLowerCase();
      this.filtered = all.filter((row) => filterName(row).toLowerCase().includes(needle));
    }
    return this.filtered;
  }

  countsByState(): Map<State | 'INVALID', number> {
    const counts = new Map<State | 'INVALID', number>();
    for (const row of this.rows.values()) {
      const state = row.kind === 'instance' ? row.state : 'INVALID';
      counts.set(state, (counts.get(state) ?? 0) + 1);
    }
    return counts;
  }

  private membershipChanged(): void {
    this.orderStale = true;
    this.filtered = null;
    this.longestName = null;
  }
}

export function uptimeSeconds(row: InstanceRow, nowMs: number): number | null {
  return row.startedAtMs === null ? null : Math.max(0, Math.floor((nowMs - row.startedAtMs) / 1000));
}

function rowFromStatus(status: InstanceStatus, nowMs: number): InstanceRow {
  return {
    kind: 'instance',
    key: instanceKey(status.unit, status.instance),
    unit: status.unit,
    instance: status.instance,
    state: status.state,
    pid: status.pid,
    restarts: status.restarts,
    exitCode: status.exit_code,
    signal: status.signal,
    reason: status.reason,
    command: status.command,
    description: status.description,
    startedAtMs: status.uptime_s === null ? null : nowMs - status.uptime_s * 1000,
    cpuPercent: status.cpu_percent,
    rssBytes: status.rss_bytes,
  };
}

function rowFromInvalid(unit: InvalidUnitStatus): InvalidRow {
  return { kind: 'invalid', key: invalidKey(unit.unit), unit: unit.unit, file: unit.file, kept: unit.kept, diagnostics: unit.diagnostics };
}

/** What the name filter matches: `unit:instance`, or the unit name for an invalid file. */
function filterName(row: TableRow): string {
  return row.kind === 'instance' ? row.key : row.unit;
}

function compareRows(a: TableRow, b: TableRow): number {
  if (a.unit !== b.unit) return a.unit < b.unit ? -1 : 1;
  if (a.kind !== b.kind) return a.kind === 'invalid' ? -1 : 1;
  return a.kind === 'instance' && b.kind === 'instance' ? a.instance - b.instance : 0;
}
