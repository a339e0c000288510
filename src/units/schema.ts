/**
 * The unit file schema: one strict zod object over the parsed TOML table. It uses zod's "mini"
 * build (functions instead of methods): the daemon builds this schema at every start, and mini
 * loads in a third of the time of the classic build.
 *
 * Every check carries its own plain-English expectation ("expected an integer >= 1") as its zod
 * message; `issues.ts` appends what was actually found. Checks whose message already says all
 * there is to say mark the issue with `params.complete` so nothing is appended.
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

import { STOP_SIGNALS, type OutputTarget, type StopSignal } from './types.js';
import { splitCommand } from './argv.js';

// Mini sets no locale: the few checks without a message of ours speak English, as in classic zod.
z.config(en());

export const MAX_INSTANCES = 1000;
/**
 * Node's timers overflow past ~24.8 days and fire immediately, so a huge delay would turn into a
 * restart storm; one day is far beyond any sane start, stop or restart delay.
 */
export const MAX_SECONDS = 86_400;

/** What a transform receives besides the value: the parse in progress, whose issues it may add to. */
type Ctx = z.core.ParsePayload;

function complete(ctx: Ctx, message: string): typeof z.NEVER {
  ctx.issues.push({ code: 'custom', message, input: ctx.value, params: { complete: true } });
  return z.NEVER;
}

function expecting(message: string) {
  return { error: message };
}

function integerSchema(min: number, max: number, expectation: string) {
  const e = expecting(expectation);
  return z.number(e).check(z.int(e), z.minimum(min, e), z.maximum(max, e));
}

function secondsSchema(exclusiveZero: boolean) {
  const expectation = `expected a number of seconds ${exclusiveZero ? '>' : '>='} 0 and <= ${MAX_SECONDS}`;
  const e = expecting(expectation);
  return z.number(e).check(z.maximum(MAX_SECONDS, e), exclusiveZero ? z.positive(e) : z.minimum(0, e));
}

/** Strings end up in argv, env or paths handed to the kernel, which cannot carry NUL bytes. */
function safeString(expectation: string) {
  return z
    .string(expecting(expectation))
    .check(z.refine((s) => !s.includes('\0'), { error: 'must not contain NUL characters', params: { complete: true } }));
}

const commandSchema = z.pipe(
  z.union([z.string(), z.array(z.string())], expecting('expected a command string or a non-empty array of strings')),
  z.transform((value: string | string[], ctx): { command: string; argv: string[] } | typeof z.NEVER => {
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
  }),
);

const SIGNAL_NAMES = STOP_SIGNALS.map((s) => s.slice(3)).join(', ');

const stopSignalSchema = z.pipe(
  z.string(expecting(`expected a signal name (${SIGNAL_NAMES})`)),
  z.transform((value: string, ctx): StopSignal | typeof z.NEVER => {
    const upper = value.trim().toUpperCase();
    const normalised = upper.startsWith('SIG') ? upper : `SIG${upper}`;
    const known = STOP_SIGNALS.find((s) => s === normalised);
    if (known) return known;
    return complete(ctx, `unknown signal ${JSON.stringify(value)}; expected one of ${SIGNAL_NAMES}`);
  }),
);

/** Paths stay as written here; `parse.ts` resolves relative ones once it knows the unit's directory. */
function outputSchema(stream: 'stdout' | 'stderr') {
  const expectation =
    stream === 'stderr'
      ? 'expected a file path, "null" to discard, or "stdout" to merge'
      : 'expected a file path or "null" to discard';
  const toTarget = (value: string, ctx: Ctx): OutputTarget | typeof z.NEVER => {
    if (value === 'null') return { kind: 'discard' };
    if (value === 'stdout' && stream === 'stderr') return { kind: 'merge' };
    if (value === 'stdout' || value === 'stderr') {
      return complete(ctx, `${JSON.stringify(value)} cannot be used for ${stream}; write "./${value}" for a file of that name`);
    }
    if (value.trim() === '') return complete(ctx, `${expectation}, got an empty string`);
    return { kind: 'file', path: value };
  };
  return z.pipe(safeString(expectation), z.transform(toTarget));
}

const UMASK_PATTERN = /^0?[0-7]{1,3}$/;

const umaskSchema = z.pipe(
  z
    .string(expecting('expected an octal string such as "022"'))
    .check(z.refine((s) => UMASK_PATTERN.test(s), expecting('expected an octal string such as "022" (at most 0777)'))),
  z.transform((s: string) => Number.parseInt(s, 8)),
);

const workingDirectorySchema = safeString('expected an absolute path').check(
  z.refine((s) => s.startsWith('/'), expecting('expected an absolute path (starting with "/")')),
);

/** POSIX allows almost anything in a variable name except `=` (it ends the name) and NUL. */
const environmentNameSchema = z
  .string()
  .check(z.regex(/^[^=\0]+$/, { error: 'invalid variable name: it must be non-empty and contain no "=" or NUL' }));

const environmentSchema = z.record(
  environmentNameSchema,
  safeString('expected a string (quote the value)'),
  expecting('expected a table of strings'),
);

/** A key the file may leave out. */
const withDefault = z._default;

export const unitSchema = z.strictObject({
  description: withDefault(z.string(expecting('expected a string')), ''),
  command: commandSchema,
  instances: withDefault(
    z
      .number(expecting('expected an integer >= 1'))
      .check(z.int(expecting('expected an integer >= 1')), z.minimum(1, expecting('expected an integer >= 1')), z.maximum(MAX_INSTANCES, expecting(`expected at most ${MAX_INSTANCES} instances`))),
    1,
  ),
  autostart: withDefault(z.boolean(expecting('expected true or false')), true),
  restart: withDefault(z.enum(['always', 'on-failure', 'never'], expecting('expected "always", "on-failure" or "never"')), 'on-failure'),
  'exit-codes': withDefault(
    z.pipe(
      z.array(integerSchema(0, 255, 'expected an integer 0-255'), expecting('expected an array of exit codes (integers 0-255)')),
      z.transform((codes: number[]) => [...new Set(codes)].sort((a, b) => a - b)),
    ),
    [0],
  ),
  'start-seconds': withDefault(secondsSchema(false), 1),
  'start-retries': withDefault(integerSchema(0, Number.MAX_SAFE_INTEGER, 'expected an integer >= 0'), 3),
  'restart-delay': withDefault(secondsSchema(false), 1),
  'stop-signal': withDefault(stopSignalSchema, 'SIGTERM'),
  'stop-timeout': withDefault(secondsSchema(true), 10),
  stdout: withDefault(outputSchema('stdout'), { kind: 'default' }),
  stderr: withDefault(outputSchema('stderr'), { kind: 'default' }),
  'working-directory': withDefault(z.nullable(workingDirectorySchema), null),
  umask: withDefault(z.nullable(umaskSchema), null),
  user: withDefault(z.nullable(nonEmptyName('user')), null),
  group: withDefault(z.nullable(nonEmptyName('group')), null),
  environment: withDefault(environmentSchema, {}),
});

function nonEmptyName(what: 'user' | 'group') {
  const e = expecting(`expected a non-empty ${what} name`);
  return safeString(e.error).check(z.minLength(1, e));
}

export type UnitFields = z.output<typeof unitSchema>;

export const UNIT_KEYS: readonly string[] = Object.keys(unitSchema.shape);
