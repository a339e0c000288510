import type { UnitSpec } from './types.js';

/**
 * Fields that never reach the process. Everything else counts, so a field added to UnitSpec
 * later restarts units when it changes unless someone decides otherwise here.
 * `instances` is handled by scaling, not by restarting.
 */
const NON_PROCESS_FIELDS: ReadonlySet<string> = new Set<keyof UnitSpec>(['description', 'instances', 'autostart', 'file']);

/** A stable JSON of every process-affecting field: equal strings ⇔ no restart needed. */
export function canonicalProcessForm(spec: UnitSpec): string {
  const processFields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(spec)) {
    if (!NON_PROCESS_FIELDS.has(key)) processFields[key] = value;
  }
  return JSON.stringify(withSortedKeys(processFields));
}

/** Object keys sorted at every level (environment order must not matter); array order kept (argv). */
function withSortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withSortedKeys);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) sorted[key] = withSortedKeys((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value;
}
