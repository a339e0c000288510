import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { formatPlan } from '../format/plan.js';

export interface ReloadOptions {
  dryRun?: boolean;
}

/**
 * Exits 0 even when some units are invalid: the valid ones were applied and the invalid ones are
 * printed with their diagnostics. `taskmaster check` is the command whose exit code validates.
 */
export async function reload(ctx: CommandContext, options: ReloadOptions): Promise<number> {
  const { plan, applied } = await ctx.withClient((client) => client.request('reload', { dry_run: options.dryRun === true }));
  ctx.output.out(formatPlan(plan, applied));
  return ExitCode.Ok;
}
