import type { InstanceStatus, InvalidUnitStatus } from '../../protocol/model.js';
import type { CommandContext } from '../context.js';
import { NoSuchUnitError } from '../errors.js';
import { formatStatusJson } from '../format/status-json.js';
import { formatTarget, parseTarget, type Target } from '../targets.js';

export interface StatusOptions {
  json?: boolean;
}

export async function status(ctx: CommandContext, names: string[], options: StatusOptions): Promise<number> {
  const targets = names.map(parseTarget);
  const result = await ctx.withClient((client) => client.request('status', {}));
  const selected = selectTargets(result.instances, result.invalid, targets);
  if (options.json) {
    ctx.output.out(formatStatusJson(selected.instances));
  } else {
    const { formatStatus } = await import('../format/status.js');
    ctx.output.out(formatStatus(selected.instances, selected.invalid, ctx.output.color));
  }
  return 0;
}

/**
 * Keeps what the targets name, in the daemon's order. Filtering happens here rather than in the
 * daemon so that NAME:N works and every unknown name is reported at once.
 */
export function selectTargets(
  instances: InstanceStatus[],
  invalid: InvalidUnitStatus[],
  targets: Target[],
): { instances: InstanceStatus[]; invalid: InvalidUnitStatus[] } {
  if (targets.length === 0 || targets.some((t) => t.kind === 'all')) return { instances, invalid };
  const matches = (target: Target, unit: string, instance: number | null): boolean =>
    target.kind === 'all' ||
    (target.unit === unit && (target.kind === 'unit' || instance === null || target.instance === instance));
  const unknown = targets.filter(
    (target) =>
      !instances.some((i) => matches(target, i.unit, i.instance)) &&
      !invalid.some((u) => target.kind !== 'all' && u.unit === target.unit),
  );
  if (unknown.length > 0) {
    throw new NoSuchUnitError(unknown.map(formatTarget));
  }
  return {
    instances: instances.filter((i) => targets.some((t) => matches(t, i.unit, i.instance))),
    invalid: invalid.filter((u) => targets.some((t) => t.kind !== 'all' && t.unit === u.unit)),
  };
}
