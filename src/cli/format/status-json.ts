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

/** The documented keys, in order; JSON.stringify keeps only these, without copying 500 objects. */
export const STATUS_JSON_KEYS: ReadonlyArray<keyof StatusJsonRow> = [
  'unit',
  'instance',
  'state',
  'pid',
  'uptime_s',
  'restarts',
  'exit_code',
  'reason',
  'command',
];

export function formatStatusJson(instances: InstanceStatus[]): string {
  return JSON.stringify(instances, STATUS_JSON_KEYS as string[], 2) + '\n';
}
