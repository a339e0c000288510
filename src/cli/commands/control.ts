import type { CommandContext } from '../context.js';
import { formatActionResults, type ControlVerb } from '../format/actions.js';
import { ExitCode } from '../exit-codes.js';
import { parseTargets } from '../targets.js';

export interface ControlOptions {
  /** False with --no-wait: the daemon answers as soon as the request is accepted. */
  wait: boolean;
}

/** start, stop and restart: the same request shape, the same report, only the verb differs. */
export async function control(ctx: CommandContext, verb: ControlVerb, words: string[], options: ControlOptions): Promise<number> {
  const targets = parseTargets(words);
  const { results } = await ctx.withClient((client) => client.request(verb, { targets, wait: options.wait }));
  ctx.output.out(formatActionResults(verb, results, options.wait));
  return results.every((result) => result.ok) ? ExitCode.Ok : ExitCode.ActionFailed;
}
