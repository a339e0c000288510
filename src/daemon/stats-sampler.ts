import type { Supervisor } from '../supervisor/supervisor.js';
import { sampleGroups } from '../supervisor/procfs.js';

interface Sample {
  cpuPercent: number | null;
  rssBytes: number;
}

export interface StatsRow {
  unit: string;
  instance: number;
  cpu_percent: number | null;
  rss_bytes: number | null;
}

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU and memory per instance, summed over its process group. Runs only while somebody asked
 * for stats (a subscribed TUI), so an unattended daemon stays at 0 % CPU.
 */
export class StatsSampler {
  private readonly samples = new Map<string, Sample>();
  private rows: StatsRow[] = [];
  private previous = new Map<number, { ticks: number; at: number }>();
  private readonly listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly supervisor: Supervisor,
    private readonly intervalMs = 1000,
  ) {}

  /** Keeps sampling while at least one listener is attached; returns the detach function. */
  attach(listener: () => void): () => void {
    this.listeners.add(listener);
    if (!this.timer) {
      this.sample();
      this.timer = setInterval(() => {
        this.sample();
        for (const l of this.listeners) l();
      }, this.intervalMs);
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
        this.samples.clear();
        this.previous.clear();
        this.rows = [];
      }
    };
  }

  get(unit: string, instance: number): Sample | undefined {
    return this.samples.get(`${unit}:${instance}`);
  }

  /** Every instance as of the last sample, the ones not running with nulls. */
  all(): StatsRow[] {
    return this.rows;
  }

  /** One pass over the instances per tick: it runs every second for as long as a TUI is open. */
  private sample(): void {
    const now = Date.now();
    const statuses = this.supervisor.status();
    const running = statuses.filter((s) => s.pid !== null);
    const usage = sampleGroups(running.map((s) => s.pid!));
    const next = new Map<number, { ticks: number; at: number }>();
    this.samples.clear();
    for (const s of running) {
      const group = usage.get(s.pid!);
      if (!group) continue;
      const before = this.previous.get(s.pid!);
      const cpuPercent = before
        ? Math.max(0, ((group.cpuTicks - before.ticks) / CLOCK_TICKS_PER_SECOND / ((now - before.at) / 1000)) * 100)
        : null;
      this.samples.set(`${s.unit}:${s.instance}`, { cpuPercent, rssBytes: group.rssBytes });
      next.set(s.pid!, { ticks: group.cpuTicks, at: now });
    }
    this.previous = next;
    this.rows = statuses.map((s) => {
      const sample = this.get(s.unit, s.instance);
      return { unit: s.unit, instance: s.instance, cpu_percent: sample?.cpuPercent ?? null, rss_bytes: sample?.rssBytes ?? null };
    });
  }
}
