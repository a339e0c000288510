import type { State } from '../../src/protocol/index.js';
import { uptimeSeconds, type InstanceRow, type InvalidRow, type TableRow } from '../model/instance-table.js';

/** blessed tag colour per state; with colour off the state name alone carries the meaning. */
const STATE_COLOURS: Record<State | 'INVALID', string | null> = {
  RUNNING: 'green-fg',
  STARTING: 'cyan-fg',
  STOPPING: 'cyan-fg',
  BACKOFF: 'yellow-fg',
  EXITED: 'yellow-fg',
  FATAL: 'red-fg',
  INVALID: 'red-fg',
  STOPPED: null,
};

export interface Palette {
  colour: boolean;
}

/** Makes text safe inside a blessed `tags: true` element: braces would otherwise open a tag. */
export function escapeTags(text: string): string {
  return text.replace(/[{}]/g, (brace) => (brace === '{' ? '{open}' : '{close}'));
}

export function paint(text: string, tag: string | null, palette: Palette): string {
  const escaped = escapeTags(text);
  return palette.colour && tag ? `{${tag}}${escaped}{/${tag}}` : escaped;
}

export function stateColour(state: State | 'INVALID'): string | null {
  return STATE_COLOURS[state];
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '-';
  const s = Math.floor(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${pad2(s % 60)}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h${pad2(Math.floor(s / 60) % 60)}m`;
  return `${Math.floor(s / 86400)}d${pad2(Math.floor(s / 3600) % 24)}h`;
}

export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '-';
  const units = ['B', 'K', 'M', 'G', 'T'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value}B` : `${value < 10 ? value.toFixed(1) : Math.round(value)}${units[unit]}`;
}

export function formatCpu(percent: number | null): string {
  return percent === null ? '-' : percent.toFixed(1);
}

/** Exit code, signal or reason: whatever explains the state best in one short cell. */
export function describeOutcome(row: InstanceRow): string {
  if (row.state === 'FATAL' || row.state === 'BACKOFF') return row.reason ?? '';
  if (row.state === 'EXITED' || row.state === 'STOPPED') {
    if (row.signal) return `signal ${row.signal}`;
    if (row.exitCode !== null) return `exit ${row.exitCode}`;
    return row.reason ?? '';
  }
  return row.description;
}

export function formatDiagnostic(d: InvalidRow['diagnostics'][number]): string {
  return `${d.file}:${d.line}:${d.col}: ${d.key ?? '-'}: ${d.message}`;
}

interface Column {
  title: string;
  width: number;
  alignRight?: boolean;
}

/** Column widths for one frame: UNIT fits the longest unit name, INFO takes what is left. */
export interface Columns {
  fixed: Column[];
  info: number;
}

const GAP = ' ';
/** The selection marker in front of every row. */
const MARK = 1;

export function columnsFor(totalWidth: number, longestUnitName: number): Columns {
  const fixed: Column[] = [
    { title: 'UNIT', width: Math.min(24, Math.max(4, longestUnitName)) },
    { title: '#', width: 3, alignRight: true },
    { title: 'STATE', width: 8 },
    { title: 'PID', width: 7, alignRight: true },
    { title: 'UPTIME', width: 6, alignRight: true },
    { title: 'RST', width: 3, alignRight: true },
    { title: 'CPU%', width: 5, alignRight: true },
    { title: 'MEM', width: 5, alignRight: true },
  ];
  const used = MARK + fixed.reduce((sum, column) => sum + column.width + GAP.length, 0);
  return { fixed, info: Math.max(0, totalWidth - used) };
}

function fit(text: string, width: number, alignRight = false): string {
  if (width <= 0) return '';
  if (text.length > width) return text.slice(0, width);
  return alignRight ? text.padStart(width) : text.padEnd(width);
}

function cellsOf(row: TableRow, nowMs: number): string[] {
  if (row.kind === 'invalid') {
    const first = row.diagnostics[0];
    // The header shows the units directory; the log pane shows the full diagnostics of the selected row.
    const info = first ? formatDiagnostic({ ...first, file: baseName(first.file) }) : baseName(row.file);
    const more = row.diagnostics.length > 1 ? ` (+${row.diagnostics.length - 1} more)` : '';
    return [row.unit, '', 'INVALID', '', '', '', '', '', (row.kept ? '[old version kept] ' : '') + info + more];
  }
  return [
    row.unit,
    String(row.instance),
    row.state,
    row.pid === null ? '-' : String(row.pid),
    formatDuration(uptimeSeconds(row, nowMs)),
    String(row.restarts),
    formatCpu(row.cpuPercent),
    formatBytes(row.rssBytes),
    describeOutcome(row),
  ];
}

export function formatHeaderRow(columns: Columns, focused: boolean): string {
  const titles = columns.fixed.map((column) => fit(column.title, column.width, column.alignRight));
  return (focused ? '>' : ' ') + [...titles, fit('INFO', columns.info)].join(GAP);
}

/** One table line exactly as wide as the columns, state coloured, the selected row inverted. */
export function formatRow(row: TableRow, nowMs: number, columns: Columns, selected: boolean, palette: Palette): string {
  const cells = cellsOf(row, nowMs);
  const state = row.kind === 'instance' ? row.state : 'INVALID';
  const parts = columns.fixed.map((column, i) => {
    const text = fit(cells[i], column.width, column.alignRight);
    return i === 2 ? paint(text, stateColour(state), palette) : escapeTags(text);
  });
  parts.push(escapeTags(fit(cells[8], columns.info)));
  const line = (selected ? '>' : ' ') + parts.join(GAP);
  return selected ? `{inverse}${line}{/inverse}` : line;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
