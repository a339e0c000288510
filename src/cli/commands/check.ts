import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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
  const given = paths.length > 0 ? paths : [defaultPaths().unitsDir];
  const result = await new UnitLoader().loadPaths(given);
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
    // "0 units OK" for a directory of supervisord *.conf files would read as a clean bill of health.
    const files = [...result.units, ...result.invalid].map((unit) => unit.file);
    for (const dir of given.map((path) => resolve(path)).filter(isDirectory)) {
      if (!files.some((file) => dirname(file) === dir)) output.err(`taskmaster: no unit files (*.toml) in ${dir}\n`);
    }
    const valid = result.units.length;
    if (result.invalid.length === 0) output.out(`${valid} ${valid === 1 ? 'unit' : 'units'} OK\n`);
    else output.err(`${result.invalid.length} invalid, ${valid} OK\n`);
  }
  return result.invalid.length === 0 ? ExitCode.Ok : ExitCode.InvalidUnits;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
