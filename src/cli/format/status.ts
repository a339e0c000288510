import type { InstanceStatus, InvalidUnitStatus } from '../../protocol/model.js';
import { stateStyle } from './color.js';
import { formatInvalidUnits } from './diagnostic.js';
import { humanizeUptime } from './duration.js';
import { renderTable, type Column } from './table.js';

const COLUMNS: Column[] = [
  { header: 'Unit' },
  { header: 'Instance', align: 'right' },
  { header: 'State' },
  { header: 'PID', align: 'right' },
  { header: 'Uptime', align: 'right' },
  { header: 'Restarts', align: 'right' },
  { header: 'Command' },
  { header: 'Info' },
];

/**
 * Why an instance is not running as it should: how an EXITED one ended, why a FATAL or BACKOFF one
 * gave up or waits. Healthy states show nothing, so the column draws the eye only when it matters.
 */
export function instanceInfo(instance: InstanceStatus): string {
  switch (instance.state) {
    case 'EXITED':
      if (instance.signal) return `killed by ${instance.signal}`;
      if (instance.exit_code !== null) return `exit ${instance.exit_code}`;
      return instance.reason ?? '';
    case 'FATAL':
    case 'BACKOFF':
      return instance.reason ?? '';
    default:
      return '';
  }
}

export function formatStatusTable(instances: InstanceStatus[], color: boolean): string {
  if (instances.length === 0) return 'no units\n';
  const rows = instances.map((instance) => [
    instance.unit,
    String(instance.instance),
    { text: instance.state, style: stateStyle(instance.state) },
    instance.pid === null ? '-' : String(instance.pid),
    humanizeUptime(instance.uptime_s),
    String(instance.restarts),
    instance.command,
    instanceInfo(instance),
  ]);
  return renderTable(COLUMNS, rows, color);
}

export function formatStatus(instances: InstanceStatus[], invalid: InvalidUnitStatus[], color: boolean): string {
  const problems = formatInvalidUnits(invalid, 'Invalid units:');
  // `status NAME` of a unit that is only an invalid file: its diagnostics are the whole answer.
  if (instances.length === 0 && problems) return problems;
  const table = formatStatusTable(instances, color);
  return problems ? `${table}\n${problems}` : table;
}
