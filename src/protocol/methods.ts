import * as z from 'zod';
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
    params: z.object({ protocol: z.number().int(), client: z.string().optional() }),
    result: z.object({
      protocol: z.number().int(),
      version: z.string(),
      pid: z.number().int(),
      socket: z.string(),
      units_dir: z.string(),
      log_dir: z.string(),
    }),
  },
  status: {
    params: z.object({ names: z.array(z.string()).optional(), stats: z.boolean().optional() }),
    result: z.object({ instances: z.array(InstanceStatusSchema), invalid: z.array(InvalidUnitStatusSchema) }),
  },
  start: {
    params: z.object({ targets: z.array(z.string()).min(1), wait: z.boolean().default(true) }),
    result: z.object({ results: z.array(ActionResultSchema) }),
  },
  stop: {
    params: z.object({ targets: z.array(z.string()).min(1), wait: z.boolean().default(true) }),
    result: z.object({ results: z.array(ActionResultSchema) }),
  },
  restart: {
    params: z.object({ targets: z.array(z.string()).min(1), wait: z.boolean().default(true) }),
    result: z.object({ results: z.array(ActionResultSchema) }),
  },
  reload: {
    params: z.object({ dry_run: z.boolean().default(false) }),
    result: z.object({ plan: PlanSummarySchema, applied: z.boolean() }),
  },
  logs: {
    params: z.object({
      /** Omitted: the daemon's event log. */
      unit: z.string().optional(),
      instance: z.number().int().min(0).default(0),
      stream: z.enum(['stdout', 'stderr']).default('stdout'),
      lines: z.number().int().min(0).max(100000).default(10),
      /** Keep sending `logs.data` notifications tagged with this request's id. */
      follow: z.boolean().default(false),
    }),
    result: z.object({ text: z.string(), path: z.string().nullable() }),
  },
  unfollow: {
    params: z.object({ follow_id: z.union([z.number(), z.string()]) }),
    result: z.object({ ok: z.boolean() }),
  },
  subscribe: {
    /** `stats`: also receive `stats` notifications about once a second. */
    params: z.object({ stats: z.boolean().default(false) }),
    result: z.object({ ok: z.literal(true) }),
  },
  shutdown: {
    params: z.object({}).default({}),
    result: z.object({ ok: z.literal(true) }),
  },
} as const;

export type MethodName = keyof typeof Methods;
export type Params<M extends MethodName> = z.input<(typeof Methods)[M]['params']>;
export type ParsedParams<M extends MethodName> = z.output<(typeof Methods)[M]['params']>;
export type Result<M extends MethodName> = z.infer<(typeof Methods)[M]['result']>;

export const StatsSampleSchema = z.object({
  unit: z.string(),
  instance: z.number().int(),
  cpu_percent: z.number().nullable(),
  rss_bytes: z.number().nullable(),
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
