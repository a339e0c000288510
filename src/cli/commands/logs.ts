import type { Client } from '../../client/client.js';
import type { Params } from '../../protocol/methods.js';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { parseTarget } from '../targets.js';

export interface LogsOptions {
  lines: number;
  follow?: boolean;
  stderr?: boolean;
}

/**
 * Without a target: the daemon's event log. With NAME[:N]: that instance's output, written exactly
 * as the program wrote it (no prefix, no added newline) so that it pipes into grep.
 */
export async function logs(ctx: CommandContext, word: string | undefined, options: LogsOptions): Promise<number> {
  if (options.follow && ctx.interactiveShell) {
    throw new UsageError("logs -f is not available in the shell; run 'taskmaster logs -f' instead");
  }
  const params: Params<'logs'> = { lines: options.lines, follow: options.follow === true };
  if (word !== undefined) {
    const target = parseTarget(word);
    if (target.kind === 'all') throw new UsageError("logs takes one NAME or NAME:N, not 'all'");
    params.unit = target.unit;
    params.instance = target.kind === 'instance' ? target.instance : 0;
    params.stream = options.stderr ? 'stderr' : 'stdout';
  } else if (options.stderr) {
    throw new UsageError('--stderr needs a NAME: the event log has a single stream');
  }
  await ctx.withClient((client) => (params.follow ? follow(ctx, client, params) : tail(ctx, client, params)));
  return ExitCode.Ok;
}

async function tail(ctx: CommandContext, client: Client, params: Params<'logs'>): Promise<void> {
  const { text } = await client.request('logs', params);
  ctx.output.out(text);
}

/** Prints the tail, then every `logs.data` for this follow until Ctrl-C or the daemon goes away. */
async function follow(ctx: CommandContext, client: Client, params: Params<'logs'>): Promise<void> {
  const followId = client.peekNextId();
  // Notifications can be dispatched before the awaiting code sees the tail: hold them until it is out.
  let held: string[] | null = [];
  const stopListening = client.on('logs.data', (data) => {
    if (data.follow_id !== followId) return;
    if (held) held.push(data.text);
    else ctx.output.out(data.text);
  });
  let onInterrupt: (() => void) | undefined;
  try {
    const { text } = await client.request('logs', params);
    ctx.output.out(text);
    for (const chunk of held) ctx.output.out(chunk);
    held = null;
    await new Promise<void>((resolve) => {
      onInterrupt = resolve;
      process.once('SIGINT', onInterrupt);
      process.once('SIGTERM', onInterrupt);
      client.onClose(resolve);
    });
  } finally {
    stopListening();
    if (onInterrupt) {
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onInterrupt);
    }
  }
}
