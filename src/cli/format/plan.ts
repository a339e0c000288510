import type { PlanSummary } from '../../protocol/model.js';
import { formatInvalidUnits } from './diagnostic.js';

/** One line per change (`add web`, `scale worker 2→3`, ...), then invalid units with their diagnostics. */
export function formatPlan(plan: PlanSummary, applied: boolean): string {
  const lines: string[] = [];
  for (const unit of plan.add) lines.push(`add ${unit}`);
  for (const unit of plan.remove) lines.push(`remove ${unit}`);
  for (const unit of plan.restart) lines.push(`restart ${unit}`);
  for (const { unit, from, to } of plan.scale) lines.push(`scale ${unit} ${from}→${to}`);
  let text = lines.length === 0 ? 'nothing to do\n' : lines.join('\n') + '\n';
  text += formatInvalidUnits(plan.invalid, 'invalid:');
  if (!applied && lines.length > 0) text += '(dry run: nothing applied)\n';
  return text;
}
