/**
 * One unit file's bytes → a validated UnitSpec, or an InvalidUnit carrying every problem found.
 * Pure: no filesystem access, and nothing throws out of `parseUnitSource`.
 */
import { posix } from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';

import type { Diagnostic, InvalidUnit, OutputTarget, UnitSpec } from './types.js';
import { compareDiagnostics } from './diagnostic.js';
import { issuesToDiagnostics } from './issues.js';
import { unitSchema, type UnitFields } from './schema.js';

/** Files above this are rejected before decoding; a unit file is a few hundred bytes. */
export const MAX_UNIT_FILE_BYTES = 1024 * 1024;
export const UNIT_FILE_SUFFIX = '.toml';
export const UNIT_NAME_PATTERN = /^[A-Za-z0-9_.@-]+$/;
/** `all` addresses every unit in commands such as `restart all`. */
export const RESERVED_UNIT_NAMES: readonly string[] = ['all'];

export function isInvalidUnit(x: UnitSpec | InvalidUnit): x is InvalidUnit {
  return 'diagnostics' in x;
}

/** Code-unit order, not locale order, so listings and plans are identical on every machine. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `/etc/units/web.toml` → `web`; a name without the suffix is returned whole. */
export function unitNameFromFile(file: string): string {
  return nameFromBase(posix.basename(file));
}

function nameFromBase(base: string): string {
  return base.endsWith(UNIT_FILE_SUFFIX) ? base.slice(0, -UNIT_FILE_SUFFIX.length) : base;
}

/** A problem with the file as a whole (no line or column). */
export function fileDiagnostic(file: string, message: string): Diagnostic {
  return { file, line: 0, col: 0, key: null, message };
}

export function invalidUnit(file: string, diagnostics: Diagnostic[]): InvalidUnit {
  return deepFreeze({ name: unitNameFromFile(file), file, diagnostics: [...diagnostics].sort(compareDiagnostics) });
}

export function checkUnitFileName(file: string): Diagnostic | null {
  const base = posix.basename(file);
  const name = nameFromBase(base);
  if (!base.endsWith(UNIT_FILE_SUFFIX)) return fileDiagnostic(file, `unit files must be named NAME${UNIT_FILE_SUFFIX}`);
  if (name === '') return fileDiagnostic(file, 'the unit name (file name without .toml) is empty');
  if (RESERVED_UNIT_NAMES.includes(name)) {
    return fileDiagnostic(file, `the unit name ${JSON.stringify(name)} is reserved; rename the file`);
  }
  if (!UNIT_NAME_PATTERN.test(name)) {
    return fileDiagnostic(
      file,
      `invalid unit name ${JSON.stringify(name)}: use only letters, digits, "_", ".", "@" and "-" (no spaces)`,
    );
  }
  return null;
}

export function parseUnitSource(file: string, source: Uint8Array | string): UnitSpec | InvalidUnit {
  try {
    return parseChecked(file, source);
  } catch (error) {
    // Not expected to happen; the daemon must keep running even if a dependency surprises us.
    const reason = error instanceof Error ? error.message : String(error);
    return invalidUnit(file, [fileDiagnostic(file, `internal error while parsing: ${reason}`)]);
  }
}

function parseChecked(file: string, source: Uint8Array | string): UnitSpec | InvalidUnit {
  const diagnostics: Diagnostic[] = [];
  const nameProblem = checkUnitFileName(file);
  if (nameProblem) diagnostics.push(nameProblem);

  const size = typeof source === 'string' ? Buffer.byteLength(source) : source.byteLength;
  if (size > MAX_UNIT_FILE_BYTES) {
    return invalidUnit(file, [...diagnostics, fileDiagnostic(file, tooLargeMessage(size))]);
  }

  const decoded = decode(file, source);
  if ('diagnostic' in decoded) return invalidUnit(file, [...diagnostics, decoded.diagnostic]);

  let document: Record<string, unknown>;
  try {
    document = parseToml(decoded.text);
  } catch (error) {
    return invalidUnit(file, [...diagnostics, tomlErrorDiagnostic(file, error)]);
  }

  const result = unitSchema.safeParse(document);
  if (!result.success) {
    diagnostics.push(...issuesToDiagnostics(file, decoded.text, document, result.error.issues));
  }
  if (diagnostics.length > 0 || !result.success) return invalidUnit(file, diagnostics);
  return deepFreeze(toUnitSpec(file, result.data));
}

export function tooLargeMessage(size: number): string {
  const mib = (size / (1024 * 1024)).toFixed(1);
  return `file is ${size} bytes (${mib} MiB); unit files are limited to ${MAX_UNIT_FILE_BYTES} bytes (1 MiB)`;
}

/** One decoder for every file: without `stream`, each decode starts afresh. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function decode(file: string, source: Uint8Array | string): { text: string } | { diagnostic: Diagnostic } {
  if (typeof source === 'string') return { text: source.startsWith('\uFEFF') ? source.slice(1) : source };
  try {
    return { text: strictUtf8.decode(source) };
  } catch {
    // Only on failure: decode leniently and locate the first replacement character.
    const lenient = new TextDecoder('utf-8').decode(source);
    const offset = Math.max(0, lenient.indexOf('\uFFFD'));
    const before = lenient.slice(0, offset);
    const line = before.split('\n').length;
    const col = offset - (before.lastIndexOf('\n') + 1) + 1;
    return { diagnostic: { file, line, col, key: null, message: 'file is not valid UTF-8 (save it as UTF-8)' } };
  }
}

function tomlErrorDiagnostic(file: string, error: unknown): Diagnostic {
  if (error instanceof TomlError) {
    // smol-toml's message is "Invalid TOML document: <reason>\n\n<code excerpt>"; keep the reason.
    const reason = error.message.replace(/^Invalid TOML document: /, '').split('\n')[0];
    return { file, line: error.line, col: error.column, key: null, message: `TOML syntax error: ${reason}` };
  }
  const reason = error instanceof Error ? error.message : String(error);
  return { file, line: 1, col: 1, key: null, message: `TOML syntax error: ${reason}` };
}

function toUnitSpec(file: string, fields: UnitFields): UnitSpec {
  const workingDirectory = fields['working-directory'];
  return {
    name: unitNameFromFile(file),
    file,
    description: fields.description,
    command: fields.command.command,
    argv: fields.command.argv,
    instances: fields.instances,
    autostart: fields.autostart,
    restart: fields.restart,
    exitCodes: fields['exit-codes'],
    startSeconds: fields['start-seconds'],
    startRetries: fields['start-retries'],
    restartDelay: fields['restart-delay'],
    stopSignal: fields['stop-signal'],
    stopTimeout: fields['stop-timeout'],
    stdout: resolveOutput(fields.stdout, workingDirectory, file),
    stderr: resolveOutput(fields.stderr, workingDirectory, file),
    workingDirectory,
    umask: fields.umask,
    user: fields.user,
    group: fields.group,
    environment: { ...fields.environment },
  };
}

/**
 * Relative log paths resolve against `working-directory` when set (where the program itself
 * would put relative files), else against the unit file's directory, so a unit means the same
 * thing whatever directory the daemon was started from. `{instance}` survives as written.
 */
function resolveOutput(target: OutputTarget, workingDirectory: string | null, file: string): OutputTarget {
  if (target.kind !== 'file' || target.path.startsWith('/')) return target;
  return { kind: 'file', path: posix.join(workingDirectory ?? posix.dirname(file), target.path) };
}

/**
 * Parsed units are shared between rescans by the loader's cache; freezing them turns an
 * accidental mutation (which would poison the cache) into an immediate TypeError.
 */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
