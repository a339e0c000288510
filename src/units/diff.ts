import type { LoadResult, Plan, UnitSpec } from './types.js';
import { canonicalProcessForm } from './canonical.js';
import { compareNames } from './parse.js';

/**
 * What a reload must do to go from the running definitions to a freshly loaded directory.
 * An invalid file never removes or changes its running unit: the last good version keeps running
 * and the plan carries the diagnostics.
 */
export function diff(current: ReadonlyMap<string, UnitSpec>, next: LoadResult): Plan {
  const plan: Plan = { add: [], remove: [], restart: [], scale: [], unchanged: [], invalid: [] };
  const nextNames = new Set<string>();

  for (const spec of next.units) {
    nextNames.add(spec.name);
    const running = current.get(spec.name);
    if (!running) plan.add.push(spec);
    // The loader hands back the very same object for a file whose bytes did not change, so only
    // changed files get their canonical forms computed.
    else if (running === spec) plan.unchanged.push(spec);
    else if (canonicalProcessForm(running) !== canonicalProcessForm(spec)) plan.restart.push(spec);
    else if (running.instances !== spec.instances) plan.scale.push({ unit: spec, from: running.instances, to: spec.instances });
    else plan.unchanged.push(spec);
  }

  for (const bad of next.invalid) {
    nextNames.add(bad.name);
    plan.invalid.push({ ...bad, kept: current.has(bad.name) });
  }

  for (const name of current.keys()) {
    if (!nextNames.has(name)) plan.remove.push(name);
  }

  const byName = (a: { name: string }, b: { name: string }) => compareNames(a.name, b.name);
  plan.add.sort(byName);
  plan.remove.sort(compareNames);
  plan.restart.sort(byName);
  plan.scale.sort((a, b) => compareNames(a.unit.name, b.unit.name));
  plan.unchanged.sort(byName);
  plan.invalid.sort(byName);
  return plan;
}
