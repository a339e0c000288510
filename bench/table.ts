import { PEER_NAMES, type PeerName } from './peers/peer.js';
import type { Recorder, Subject } from './results.js';
import { judge } from './targets.js';

function formatValue(value: number | undefined, unit: string): string {
  if (value === undefined || Number.isNaN(value)) return '–';
  if (unit === 'count') return String(value);
  const magnitude = Math.abs(value);
  const digits = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2;
  return value.toFixed(digits);
}

function formatRatio(taskmaster: number | undefined, other: number | undefined): string {
  if (taskmaster === undefined || other === undefined || other === 0) return '–';
  return `${(taskmaster / other).toFixed(2)}×`;
}

function render(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]) =>
    row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/**
 * The summary tables: medians per subject with Taskmaster's target and verdict, then Taskmaster's
 * figure as a ratio of each peer's (below 1 = Taskmaster is lower: faster or lighter, except for
 * throughput, where higher is better).
 */
export function formatTables(recorder: Recorder, peers: PeerName[]): string {
  const subjects: Subject[] = [...PEER_NAMES.filter((name) => peers.includes(name)), 'reference'];
  const metrics = recorder.metrics();
  const medians: string[][] = [['metric', 'unit', ...subjects, 'target (taskmaster)', 'verdict']];
  for (const { metric, unit } of metrics) {
    const verdict = judge(metric, recorder);
    medians.push([
      metric,
      unit,
      ...subjects.map((subject) => formatValue(recorder.summary(metric, subject), unit)),
      verdict?.text ?? '',
      verdict === null ? '' : verdict.met === undefined ? 'n/a' : verdict.met ? 'met' : 'MISSED',
    ]);
  }
  const others = subjects.filter((subject) => subject !== 'taskmaster' && subject !== 'reference');
  const ratios: string[][] = [['metric', ...others.map((other) => `taskmaster ÷ ${other}`)]];
  for (const { metric, unit } of metrics) {
    if (unit === 'count') continue;
    const taskmaster = recorder.summary(metric, 'taskmaster');
    if (taskmaster === undefined) continue;
    ratios.push([metric, ...others.map((other) => formatRatio(taskmaster, recorder.summary(metric, other)))]);
  }
  return `${render(medians)}\n\n${render(ratios)}`;
}
