import type { Diagnostic } from './types.js';

/**
 * `file:line:col: key: message`, the shape compilers use so editors can jump to it.
 * Problems without a position (line 0, e.g. an unreadable file) print as `file: key: message`.
 */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.col}` : d.file;
  return d.key === null ? `${where}: ${d.message}` : `${where}: ${d.key}: ${d.message}`;
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.line - b.line || a.col - b.col;
}
