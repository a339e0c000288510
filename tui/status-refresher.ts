import type { InstanceTable } from './model/instance-table.js';
import type { DaemonSession } from './session.js';

const REFRESH_DELAY_MS = 150;

/**
 * Batches `status` requests: one per burst of requests, for the named units only unless some
 * caller needed everything (membership changed). Transitions are applied locally; this fills in
 * what events do not carry (exit code, signal, restart count) and units added or removed.
 */
export class StatusRefresher {
  private timer: NodeJS.Timeout | null = null;
  private readonly units = new Set<string>();
  private everything = false;

  constructor(
    private readonly session: DaemonSession,
    private readonly table: InstanceTable,
    private readonly changed: () => void,
  ) {}

  /** `null`: the whole table. */
  request(unit: string | null): void {
    if (unit === null) this.everything = true;
    else this.units.add(unit);
    this.timer ??= setTimeout(() => void this.refresh(), REFRESH_DELAY_MS);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async refresh(): Promise<void> {
    this.timer = null;
    const everything = this.everything;
    const units = [...this.units];
    this.everything = false;
    this.units.clear();
    try {
      const status = await this.session.request('status', everything ? { stats: true } : { names: units, stats: true });
      if (everything) this.table.replaceAll(status.instances, status.invalid, Date.now());
      else this.table.replaceUnits(units, status.instances, status.invalid, Date.now());
      this.changed();
    } catch {
      // The daemon went away: the reconnect fetches a full status anyway.
    }
  }
}
