import type { InvalidUnitStatus, PlanSummary } from '../protocol/model.js';
import type { Plan } from '../units/types.js';

export function summarisePlan(plan: Plan): PlanSummary {
  return {
    add: plan.add.map((u) => u.name),
    remove: [...plan.remove],
    restart: plan.restart.map((u) => u.name),
    scale: plan.scale.map((s) => ({ unit: s.unit.name, from: s.from, to: s.to })),
    unchanged: plan.unchanged.map((u) => u.name),
    invalid: plan.invalid.map(
      (i): InvalidUnitStatus => ({ unit: i.name, file: i.file, kept: i.kept, diagnostics: i.diagnostics }),
    ),
  };
}

/** One line for the event log, e.g. `reload: add web; restart api; scale worker 2->3`. */
export function describePlan(plan: PlanSummary): string {
  const parts: string[] = [];
  if (plan.add.length) parts.push(`add ${plan.add.join(' ')}`);
  if (plan.remove.length) parts.push(`remove ${plan.remove.join(' ')}`);
  if (plan.restart.length) parts.push(`restart ${plan.restart.join(' ')}`);
  for (const s of plan.scale) parts.push(`scale ${s.unit} ${s.from}->${s.to}`);
  if (plan.invalid.length) parts.push(`invalid ${plan.invalid.map((i) => i.unit).join(' ')}`);
  return parts.length ? parts.join('; ') : 'nothing to do';
}

export function planIsEmpty(plan: PlanSummary): boolean {
  return !plan.add.length && !plan.remove.length && !plan.restart.length && !plan.scale.length && !plan.invalid.length;
}
