/** Turns zod issues into diagnostics that point at the offending key and say what was found. */
import type * as z from 'zod/mini';

import type { Diagnostic } from './types.js';
import { compareDiagnostics } from './diagnostic.js';
import { keyPathId, locateKeys, type SourcePosition } from './key-positions.js';
import { UNIT_KEYS } from './schema.js';

type Issue = z.core.$ZodIssue;
type PathSegment = PropertyKey;

/** Where a missing required key is reported: the top of the file, since it has no position of its own. */
const FILE_START: SourcePosition = { line: 1, col: 1 };
const RECEIVED_MAX_LENGTH = 40;

export function issuesToDiagnostics(
  file: string,
  source: string,
  document: Record<string, unknown>,
  issues: readonly Issue[],
): Diagnostic[] {
  const positions = locateKeys(source);
  const positionOf = (keyPath: string[]): SourcePosition => {
    // A key inside an inline table in an array has no addressable path; fall back to its parent.
    for (let length = keyPath.length; length > 0; length--) {
      const found = positions.get(keyPathId(keyPath.slice(0, length)));
      if (found) return found;
    }
    return FILE_START;
  };

  const diagnostics: Diagnostic[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const unknownKey of issue.keys) {
        const keyPath = [...stringSegments(issue.path), unknownKey];
        const value = valueAt(document, keyPath);
        const at = positionOf(keyPath);
        diagnostics.push({ file, ...at, key: keyPath.join('.'), message: unknownKeyMessage(unknownKey, value) });
      }
      continue;
    }

    const keyPath = stringSegments(issue.path);
    const itemIndex = issue.path.find((segment) => typeof segment === 'number');
    const value = valueAt(document, issue.path);
    // Every optional key has a default, so an absent top-level value can only be a required key.
    const missing = value === undefined && issue.path.length === 1;
    const at = missing ? FILE_START : positionOf(keyPath);
    let message = missing ? 'required key is missing' : issue.message;
    // A bad record key is reported by zod at the record level; the reason is in the nested issue.
    if (issue.code === 'invalid_key') message = issue.issues[0]?.message ?? message;
    else if (!missing && !isComplete(issue)) message += `, got ${describeReceived(value)}`;
    if (typeof itemIndex === 'number') message = `item ${itemIndex + 1}: ${message}`;
    diagnostics.push({ file, ...at, key: keyPath.length > 0 ? keyPath.join('.') : null, message });
  }
  return diagnostics.sort(compareDiagnostics);
}

/** JSON-encoded and shortened, so the reader sees exactly what TOML produced (`"two"` vs `2`). */
export function describeReceived(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'nan';
    if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
    return String(value);
  }
  if (value instanceof Date) return 'a date';
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return 'a table';
  return shorten(JSON.stringify(value) ?? String(value));
}

function shorten(text: string): string {
  return text.length <= RECEIVED_MAX_LENGTH ? text : `${text.slice(0, RECEIVED_MAX_LENGTH - 1)}…`;
}

function isComplete(issue: Issue): boolean {
  const params = (issue as { params?: { complete?: unknown } }).params;
  return params?.complete === true;
}

/** Keys up to the first array index: diagnostics name the key, the message names the item. */
function stringSegments(path: readonly PathSegment[]): string[] {
  const keys: string[] = [];
  for (const segment of path) {
    if (typeof segment !== 'string') break;
    keys.push(segment);
  }
  return keys;
}

function valueAt(document: unknown, path: readonly PathSegment[]): unknown {
  let current: unknown = document;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function unknownKeyMessage(key: string, value: unknown): string {
  const isTable = value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
  const what = isTable ? 'unknown table; the only table allowed is [environment]' : 'unknown key';
  const suggestion = closestKnownKey(key);
  return suggestion ? `${what}; did you mean ${JSON.stringify(suggestion)}?` : what;
}

function closestKnownKey(key: string): string | null {
  const normalised = key.toLowerCase().replace(/_/g, '-');
  let best: string | null = null;
  let bestDistance = 3;
  for (const known of UNIT_KEYS) {
    const distance = normalised === known ? 0 : editDistance(normalised, known);
    if (distance < bestDistance) {
      best = known;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return Infinity;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}
