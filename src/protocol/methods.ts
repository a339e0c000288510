import * as z from './zod.js';
import {
  ActionResultSchema,
  EventSchema,
  InstanceStatusSchema,
  InvalidUnitStatusSchema,
  PlanSummarySchema,
} from './model.js';

/**
 * Every method the daemon serves: its params and its result, in one place.
 * Targets are `NAME`, `NAME:N` or `all`.
 */
export const Methods = {
  hello: {
    params: z.object({ protocol: z.int(), client: z.optional(z.string()) }),
    result: z.object({
      protocol: z.int(),
      version: z.string(),
      pid: z.int(),
      socket: z.string(),
      units_dir: z.string(),
      log_dir: z.string(),
    }),
  },
  status: {
    params: z.object({ names: z.optional(z.array(z.string())), stats: z.optional(z.boolean()) }),
    result: z.object({ instances: z.array(InstanceStatusSchema), invalid: z.array(InvalidUnitStatusSchema) }),
  },
  start: {
    params: z.object({ targets: z.array(z.string()).check(z.minLength(1)), wait: z._default(z.boolean(), true) }),
    result: z.object({ results: z.array(ActionResultSchema) }),
  },
  stop: {
    params: z.object({ targets: z.array(z.string()).check(z.minLength(1)), wait: z._default(z.boolean(), true) }),
    result: z.object({ results: z.array(ActionResultSchema) }),
  },
  restart: {
    params: z.object({ targets: z.array(z.string()).check(z.minLength(1)), wait: z._default(z.boolean(), true) }),
    result: z.object({ results: z.array(ActionResultSchema) }),
  },
  reload: {
    params: z.object({ dry_run: z._default(z.boolean(), false) }),
    result: z.object({ plan: PlanSummarySchema, applied: z.boolean() }),
  },
  logs: {
    params: z.object({
      /** Omitted: the daemon's event log. */
      unit: z.optional(z.string()),
      instance: z._default(z.int().check(z.minimum(0)), 0),
      stream: z._default(z.enum(['stdout', 'stderr']), 'stdout'),
      lines: z._default(z.int().check(z.minimum(0), z.maximum(100000)), 10),
      /** Keep sending `logs.data` notifications tagged with this request's id. */
      follow: z._default(z.boolean(), false),
    }),
    result: z.object({ text: z.string(), path: z.nullable(z.string()) }),
  },
  unfollow: {
    params: z.object({ follow_id: z.union([z.number(), z.string()]) }),
    result: z.object({ ok: z.boolean() }),
  },
  subscribe: {
    /** `stats`: also receive `stats` notifications about once a second. */
    params: z.object({ stats: z._default(z.boolean(), false) }),
    result: z.object({ ok: z.literal(true) }),
  },
  shutdown: {
    params: z._default(z.object({}), {}),
    result: z.object({ ok: z.literal(true) }),
  },
} as const;

export type MethodName = keyof typeof Methods;
export type Params<M extends MethodName> = z.input<(typeof Methods)[M]['params']>;
export type ParsedParams<M extends MethodName> = z.output<(typeof Methods)[M]['params']>;
export type Result<M extends MethodName> = z.infer<(typeof Methods)[M]['result']>;

export const StatsSampleSchema = z.object({
  unit: z.string(),
  instance: z.int(),
  cpu_percent: z.nullable(z.number()),
  rss_bytes: z.nullable(z.number()),
});

/** Server → client notifications. */
export const Notifications = {
  event: EventSchema,
  'logs.data': z.object({ follow_id: z.union([z.number(), z.string()]), text: z.string() }),
  stats: z.object({ samples: z.array(StatsSampleSchema) }),
} as const;
export type NotificationName = keyof typeof Notifications;
export type NotificationParams<N extends NotificationName> = z.infer<(typeof Notifications)[N]>;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(Methods, name);
}
