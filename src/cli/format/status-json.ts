import type { InstanceStatus } from '../../protocol/model.js';

// Apart from the table code so that `status --json`, the call scripts make in loops, loads no more than it prints.

/** `status --json`: exactly these keys, in this order; the key set is part of the CLI's interface. */
export interface StatusJsonRow {
  unit: string;
  instance: number;
  state: string;
  pid: number | null;
  uptime_s: number | null;
  restarts: number;
  exit_code: number | null;
  reason: string | null;
  command: string;
}

export function statusJsonRows(instances: InstanceStatus[]): StatusJsonRow[] {
  return instances.map((i) => ({
    unit: i.unit,
    instance: i.instance,
    state: i.state,
    pid: i.pid,
    uptime_s: i.uptime_s,
    restarts: i.restarts,
    exit_code: i.exit_code,
    reason: i.reason,
    command: i.command,
  }));
}
