import { paint, type Style } from './color.js';

export interface Column {
  header: string;
  align?: 'left' | 'right';
}

export interface Cell {
  text: string;
  /** Applied after padding, so escape codes never disturb the column widths. */
  style?: Style | null;
}

const GAP = '  ';

/**
 * Plain-text table, columns two spaces apart. The last column is not padded so lines carry no
 * trailing blanks (long commands then wrap naturally instead of pushing every row wider).
 */
export function renderTable(columns: Column[], rows: Array<Array<Cell | string>>, color: boolean): string {
  const cells = rows.map((row) => row.map((cell) => (typeof cell === 'string' ? { text: cell } : cell)));
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...cells.map((row) => row[index]?.text.length ?? 0)),
  );
  const renderRow = (row: Cell[]): string =>
    row
      .map((cell, index) => {
        const last = index === columns.length - 1;
        const padded = last ? cell.text : align(cell.text, widths[index], columns[index].align);
        return paint(padded, cell.style ?? null, color);
      })
      .join(GAP)
      .trimEnd();
  const header = renderRow(columns.map((column) => ({ text: column.header })));
  return [header, ...cells.map(renderRow)].join('\n') + '\n';
}

function align(text: string, width: number, how: Column['align']): string {
  return how === 'right' ? text.padStart(width) : text.padEnd(width);
}
