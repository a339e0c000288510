/**
 * The unit file schema: one strict zod object over the parsed TOML table.
 *
 * Every check carries its own plain-English expectation ("expected an integer >= 1") as its zod
 * message; `issues.ts` appends what was actually found. Checks whose message already says all
 * there is to say mark the issue with `params.complete` so nothing is appended.
 */
import * as z from 'zod';

import { STOP_SIGNALS, type OutputTarget, type StopSignal } from './types.js';
import { splitCommand } from './argv.js';

export const MAX_INSTANCES = 1000;
/**
 * Node's timers overflow past ~24.8 days and fire immediately, so a huge delay would turn into a
 * restart storm; one day is far beyond any sane start, stop or restart delay.
 */
export const MAX_SECONDS = 86_400;

type Ctx = z.RefinementCtx;

function complete(ctx: Ctx, message: string): typeof z.NEVER {
  ctx.addIssue({ code: 'custom', message, params: { complete: true } });
  return z.NEVER;
}

function expecting(message: string) {
  return { error: message };
}

function integerSchema(min: number, max: number, expectation: string) {
  const e = expecting(expectation);
  return z.number(e).int(e).min(min, e).max(max, e);
}

function secondsSchema(exclusiveZero: boolean) {
  const expectation = `expected a number of seconds ${exclusiveZero ? '>' : '>='} 0 and <= ${MAX_SECONDS}`;
  const e = expecting(expectation);
  const base = z.number(e).max(MAX_SECONDS, e);
  return exclusiveZero ? base.positive(e) : base.min(0, e);
}

/** Strings end up in argv, env or paths handed to the kernel, which cannot carry NUL bytes. */
function safeString(expectation: string) {
  return z
    .string(expecting(expectation))
    .refine((s) => !s.includes('\0'), { error: 'must not contain NUL characters', params: { complete: true } });
}

const commandSchema = z
  .union([z.string(), z.array(z.string())], expecting('expected a command string or a non-empty array of strings'))
  .transform((value, ctx): { command: string; argv: string[] } | typeof z.NEVER => {
    if (typeof value === 'string') {
      if (value.includes('\0')) return complete(ctx, 'must not contain NUL characters');
      const split = splitCommand(value);
      if ('error' in split) return complete(ctx, split.error);
      if (split.argv[0] === '') return complete(ctx, 'the program (first word) is an empty string');
      return { command: value, argv: split.argv };
    }
    if (value.length === 0) return complete(ctx, 'command array is empty; it needs at least the program');
    if (value[0] === '') return complete(ctx, 'the program (first element) is an empty string');
    if (value.some((arg) => arg.includes('\0'))) return complete(ctx, 'must not contain NUL characters');
    return { command: value.join(' '), argv: [...value] };
  });

const SIGNAL_NAMES = STOP_SIGNALS.map((s) => s.slice(3)).join(', ');

const stopSignalSchema = z
  .string(expecting(`expected a signal name (${SIGNAL_NAMES})`))
  .transform((value, ctx): StopSignal | typeof z.NEVER => {
    const upper = value.trim().toUpperCase();
    const normalised = upper.startsWith('SIG') ? upper : `SIG${upper}`;
    const known = STOP_SIGNALS.find((s) => s === normalised);
    if (known) return known;
    return complete(ctx, `unknown signal ${JSON.stringify(value)}; expected one of ${SIGNAL_NAMES}`);
  });

/** Paths stay as written here; `parse.ts` resolves relative ones once it knows the unit's directory. */
function outputSchema(stream: 'stdout' | 'stderr') {
  const expectation =
    stream === 'stderr'
      ? 'expected a file path, "null" to discard, or "stdout" to merge'
      : 'expected a file path or "null" to discard';
  return safeString(expectation).transform((value, ctx): OutputTarget | typeof z.NEVER => {
    if (value === 'null') return { kind: 'discard' };
    if (value === 'stdout' && stream === 'stderr') return { kind: 'merge' };
    if (value === 'stdout' || value === 'stderr') {
      return complete(ctx, `${JSON.stringify(value)} cannot be used for ${stream}; write "./${value}" for a file of that name`);
    }
    if (value.trim() === '') return complete(ctx, `${expectation}, got an empty string`);
    return { kind: 'file', path: value };
  });
}

const UMASK_PATTERN = /^0?[0-7]{1,3}$/;

const umaskSchema = z
  .string(expecting('expected an octal string such as "022"'))
  .refine((s) => UMASK_PATTERN.test(s), expecting('expected an octal string such as "022" (at most 0777)'))
  .transform((s) => Number.parseInt(s, 8));

const workingDirectorySchema = safeString('expected an absolute path').refine(
  (s) => s.startsWith('/'),
  expecting('expected an absolute path (starting with "/")'),
);

/** POSIX allows almost anything in a variable name except `=` (it ends the name) and NUL. */
const environmentNameSchema = z
  .string()
  .regex(/^[^=\0]+$/, { error: 'invalid variable name: it must be non-empty and contain no "=" or NUL' });

const environmentSchema = z.record(
  environmentNameSchema,
  safeString('expected a string (quote the value)'),
  expecting('expected a table of strings'),
);

export const unitSchema = z.strictObject({
  description: z.string(expecting('expected a string')).default(''),
  command: commandSchema,
  instances: z
    .number(expecting('expected an integer >= 1'))
    .int(expecting('expected an integer >= 1'))
    .min(1, expecting('expected an integer >= 1'))
    .max(MAX_INSTANCES, expecting(`expected at most ${MAX_INSTANCES} instances`))
    .default(1),
  autostart: z.boolean(expecting('expected true or false')).default(true),
  restart: z.enum(['always', 'on-failure', 'never'], expecting('expected "always", "on-failure" or "never"')).default('on-failure'),
  'exit-codes': z
    .array(integerSchema(0, 255, 'expected an integer 0-255'), expecting('expected an array of exit codes (integers 0-255)'))
    .transform((codes) => [...new Set(codes)].sort((a, b) => a - b))
    .default([0]),
  'start-seconds': secondsSchema(false).default(1),
  'start-retries': integerSchema(0, Number.MAX_SAFE_INTEGER, 'expected an integer >= 0').default(3),
  'restart-delay': secondsSchema(false).default(1),
  'stop-signal': stopSignalSchema.default('SIGTERM'),
  'stop-timeout': secondsSchema(true).default(10),
  stdout: outputSchema('stdout').default({ kind: 'default' }),
  stderr: outputSchema('stderr').default({ kind: 'default' }),
  'working-directory': workingDirectorySchema.nullable().default(null),
  umask: umaskSchema.nullable().default(null),
  user: safeString('expected a non-empty user name').min(1, expecting('expected a non-empty user name')).nullable().default(null),
  group: safeString('expected a non-empty group name').min(1, expecting('expected a non-empty group name')).nullable().default(null),
  environment: environmentSchema.default({}),
});

export type UnitFields = z.output<typeof unitSchema>;

export const UNIT_KEYS: readonly string[] = Object.keys(unitSchema.shape);
