import { blessed, type Widgets } from '../blessed.js';

/** Every element on screen. They are plain boxes positioned by number: the app decides the split. */
export interface Layout {
  header: Widgets.BoxElement;
  tableHead: Widgets.BoxElement;
  tableBody: Widgets.BoxElement;
  logTitle: Widgets.BoxElement;
  logBody: Widgets.BoxElement;
  statusLine: Widgets.BoxElement;
  footer: Widgets.BoxElement;
  help: Widgets.BoxElement;
}

/** Rows of the middle area: where the table and the log pane start, and how many lines each gets. */
export interface Geometry {
  width: number;
  tableTop: number;
  tableRows: number;
  logTop: number;
  logRows: number;
  statusTop: number;
  footerTop: number;
}

const HEADER_ROWS = 2;

export function computeGeometry(width: number, height: number, logsFullScreen: boolean): Geometry {
  const statusTop = Math.max(HEADER_ROWS, height - 2);
  const middle = Math.max(2, statusTop - HEADER_ROWS);
  if (logsFullScreen) {
    return { width, tableTop: HEADER_ROWS, tableRows: 0, logTop: HEADER_ROWS, logRows: middle - 1, statusTop, footerTop: height - 1 };
  }
  // The table gets a little more than half: it is what one scans; the log pane is for one instance.
  const tableBlock = Math.max(2, Math.min(middle - 2, Math.ceil(middle * 0.55)));
  return {
    width,
    tableTop: HEADER_ROWS,
    tableRows: tableBlock - 1,
    logTop: HEADER_ROWS + tableBlock,
    logRows: Math.max(1, middle - tableBlock - 1),
    statusTop,
    footerTop: height - 1,
  };
}

function line(screen: Widgets.Screen, tags: boolean, style: Widgets.Types.TStyle = {}): Widgets.BoxElement {
  return blessed.box({ parent: screen, top: 0, left: 0, width: '100%', height: 1, tags, wrap: false, style } as Widgets.BoxOptions);
}

export function createLayout(screen: Widgets.Screen): Layout {
  const help = blessed.box({
    parent: screen,
    top: 'center',
    left: 'center',
    width: 72,
    height: 26,
    tags: true,
    hidden: true,
    border: { type: 'line' },
    label: ' keys - ? or Esc closes ',
    padding: { left: 1, right: 1 },
  });
  const layout: Layout = {
    header: blessed.box({ parent: screen, top: 0, left: 0, width: '100%', height: HEADER_ROWS, tags: true, wrap: false } as Widgets.BoxOptions),
    tableHead: line(screen, true, { bold: true, underline: true }),
    tableBody: blessed.box({ parent: screen, top: 0, left: 0, width: '100%', height: 1, tags: true, wrap: false } as Widgets.BoxOptions),
    logTitle: line(screen, true, { bold: true, underline: true }),
    // Log text is shown as is: no tags, so braces in a program's output stay braces.
    logBody: blessed.box({ parent: screen, top: 0, left: 0, width: '100%', height: 1, tags: false, wrap: false } as Widgets.BoxOptions),
    statusLine: line(screen, true),
    footer: line(screen, true, { inverse: true }),
    help,
  };
  help.setFront();
  return layout;
}

/** Moves and sizes the elements; called on start, resize and the full-screen toggle. */
export function applyGeometry(layout: Layout, geometry: Geometry, helpLines: number): void {
  const showTable = geometry.tableRows > 0;
  place(layout.tableHead, geometry.tableTop, 1, showTable);
  place(layout.tableBody, geometry.tableTop + 1, geometry.tableRows, showTable);
  place(layout.logTitle, geometry.logTop, 1, true);
  place(layout.logBody, geometry.logTop + 1, geometry.logRows, true);
  place(layout.statusLine, geometry.statusTop, 1, true);
  place(layout.footer, geometry.footerTop, 1, true);
  layout.help.width = Math.max(20, Math.min(geometry.width - 2, 76));
  layout.help.height = Math.max(5, Math.min(geometry.footerTop, helpLines + 2));
}

function place(element: Widgets.BoxElement, top: number, height: number, visible: boolean): void {
  element.top = top;
  element.height = Math.max(1, height);
  if (visible) element.show();
  else element.hide();
}
