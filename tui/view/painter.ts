import type { InstanceTable, TableRow } from '../model/instance-table.js';
import type { LogBuffer } from '../model/log-buffer.js';
import type { Selection } from '../model/selection.js';
import { formatFooter, formatIdentityLine, formatSummaryLine, type ConnectionState, type DaemonIdentity } from './chrome.js';
import { columnsFor, escapeTags, formatDiagnostic, formatHeaderRow, formatRow, paint, type Palette } from './format.js';
import type { Geometry, Layout } from './layout.js';

/** Everything a frame depends on, read-only; the app owns and mutates the real objects. */
export interface Frame {
  socket: string;
  identity: DaemonIdentity | null;
  connection: ConnectionState;
  table: InstanceTable;
  selection: Selection;
  geometry: Geometry;
  focus: 'table' | 'logs';
  logTitle: string;
  logNote: string;
  logBuffer: LogBuffer;
  selectedInvalid: Extract<TableRow, { kind: 'invalid' }> | null;
  status: { text: string; error: boolean };
  filterDraft: string | null;
  palette: Palette;
  nowMs: number;
}

/** Writes a frame into the widgets. Only the visible window of rows is formatted. */
export function paintFrame(layout: Layout, frame: Frame): void {
  const { geometry, palette } = frame;
  const visible = frame.table.visible();
  layout.header.setContent(
    formatIdentityLine(frame.identity, frame.socket) +
      '\n' +
      formatSummaryLine(frame.connection, frame.table.countsByState(), frame.table.filter, visible.length, palette),
  );

  if (geometry.tableRows > 0) {
    const columns = columnsFor(geometry.width, frame.table.longestUnitName());
    layout.tableHead.setContent(formatHeaderRow(columns, frame.focus === 'table'));
    const selected = frame.selection.reconcile(visible);
    const start = frame.selection.windowStart(visible.length, geometry.tableRows);
    const lines: string[] = [];
    for (let i = start; i < Math.min(visible.length, start + geometry.tableRows); i++) {
      lines.push(formatRow(visible[i], frame.nowMs, columns, i === selected, palette));
    }
    if (visible.length === 0) lines.push(emptyTableMessage(frame));
    layout.tableBody.setContent(lines.join('\n'));
  }

  const note = frame.selectedInvalid ? '' : frame.logNote || (frame.logBuffer.following ? 'following' : 'scrolled back - End follows');
  const title = `${focusMark(frame.focus === 'logs')}LOGS ${frame.logTitle}${note ? `  (${note})` : ''}`;
  layout.logTitle.setContent(escapeTags(title));
  layout.logBody.setContent(logLines(frame).join('\n'));

  layout.statusLine.setContent(
    frame.filterDraft !== null
      ? escapeTags(`filter: /${frame.filterDraft}_   (Enter keep, Esc clear)`)
      : paint(frame.status.text, frame.status.error ? 'red-fg' : null, palette),
  );
  layout.footer.setContent(formatFooter(geometry.width));
}

function focusMark(focused: boolean): string {
  return focused ? '>' : ' ';
}

function emptyTableMessage(frame: Frame): string {
  if (frame.connection.kind !== 'connected' && frame.table.size === 0) return '  (waiting for the daemon)';
  if (frame.table.filter !== '') return escapeTags(`  no instance matches "${frame.table.filter}" (Esc clears the filter)`);
  return '  no units loaded';
}

function logLines(frame: Frame): string[] {
  const { width, logRows } = frame.geometry;
  if (frame.selectedInvalid) {
    const row = frame.selectedInvalid;
    const head = `${row.file} is invalid${row.kept ? '; the previous version keeps running' : ''}:`;
    return [head, ...row.diagnostics.map((d) => '  ' + formatDiagnostic(d))].slice(0, logRows);
  }
  return frame.logBuffer.window(width, logRows);
}
