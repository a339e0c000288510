import type { InvalidUnitStatus } from '../../protocol/model.js';
// The file itself, not the units index: the index would load the TOML parser and zod into every `status`.
import { formatDiagnostic } from '../../units/diagnostic.js';

/** One heading line per invalid unit, then its diagnostics indented below it. */
export function formatInvalidUnits(invalid: InvalidUnitStatus[], heading: string): string {
  if (invalid.length === 0) return '';
  const lines = [heading];
  for (const unit of invalid) {
    const kept = unit.kept ? 'previous version still running' : 'not running';
    lines.push(`  ${unit.unit} (${kept})`);
    for (const diagnostic of unit.diagnostics) lines.push(`    ${formatDiagnostic(diagnostic)}`);
  }
  return lines.join('\n') + '\n';
}
