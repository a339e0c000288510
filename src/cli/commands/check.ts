import { defaultPaths } from '../../client/paths.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';

export interface CheckOptions {
  json?: boolean;
}

/** Validates unit files offline (no daemon): one diagnostic per line, exit 5 if any file is invalid. */
export async function check(output: Output, paths: string[], options: CheckOptions): Promise<number> {
  // Loaded here only: the TOML parser and the schema are not needed by any other command.
  const { UnitLoader, formatDiagnostic } = await import('../../units/index.js');
  const result = await new UnitLoader().loadPaths(paths.length > 0 ? paths : [defaultPaths().unitsDir]);
  if (options.json) {
    const report = {
      valid: result.units.map((unit) => unit.name),
      invalid: result.invalid.map((unit) => ({ unit: unit.name, file: unit.file, diagnostics: unit.diagnostics })),
    };
    output.out(JSON.stringify(report, null, 2) + '\n');
  } else {
    for (const unit of result.invalid) {
      for (const diagnostic of unit.diagnostics) output.out(formatDiagnostic(diagnostic) + '\n');
    }
    const valid = result.units.length;
    if (result.invalid.length === 0) output.out(`${valid} ${valid === 1 ? 'unit' : 'units'} OK\n`);
    else output.err(`${result.invalid.length} invalid, ${valid} OK\n`);
  }
  return result.invalid.length === 0 ? ExitCode.Ok : ExitCode.InvalidUnits;
}
