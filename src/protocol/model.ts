import * as z from './zod.js';

export const STATES = ['STOPPED', 'STARTING', 'RUNNING', 'BACKOFF', 'STOPPING', 'EXITED', 'FATAL'] as const;
export const StateSchema = z.enum(STATES);
export type State = z.infer<typeof StateSchema>;

export const DiagnosticSchema = z.object({
  file: z.string(),
  line: z.number(),
  col: z.number(),
  key: z.nullable(z.string()),
  message: z.string(),
});

/** One instance as `status` reports it. snake_case because `status --json` prints it as is. */
export const InstanceStatusSchema = z.object({
  unit: z.string(),
  instance: z.int(),
  state: StateSchema,
  pid: z.nullable(z.int()),
  uptime_s: z.nullable(z.number()),
  restarts: z.int(),
  exit_code: z.nullable(z.int()),
  /** Signal name that ended the last run, e.g. "SIGKILL". */
  signal: z.nullable(z.string()),
  reason: z.nullable(z.string()),
  command: z.string(),
  description: z.string(),
  /** CPU % over the last sampling interval and RSS summed over the process group; null when not sampled. */
  cpu_percent: z.nullable(z.number()),
  rss_bytes: z.nullable(z.number()),
});
export type InstanceStatus = z.infer<typeof InstanceStatusSchema>;

export const InvalidUnitStatusSchema = z.object({
  unit: z.string(),
  file: z.string(),
  /** True when a previous good version is still running. */
  kept: z.boolean(),
  diagnostics: z.array(DiagnosticSchema),
});
export type InvalidUnitStatus = z.infer<typeof InvalidUnitStatusSchema>;

export const PlanSummarySchema = z.object({
  add: z.array(z.string()),
  remove: z.array(z.string()),
  restart: z.array(z.string()),
  scale: z.array(z.object({ unit: z.string(), from: z.int(), to: z.int() })),
  unchanged: z.array(z.string()),
  invalid: z.array(InvalidUnitStatusSchema),
});
export type PlanSummary = z.infer<typeof PlanSummarySchema>;

/** A state transition of one instance. */
export const TransitionEventSchema = z.object({
  type: z.literal('transition'),
  time: z.string(),
  unit: z.string(),
  instance: z.int(),
  from: StateSchema,
  to: StateSchema,
  pid: z.nullable(z.int()),
  reason: z.nullable(z.string()),
});
export type TransitionEvent = z.infer<typeof TransitionEventSchema>;

/** A daemon-level event: start, stop, reload plans, invalid units, crash recovery. */
export const DaemonEventSchema = z.object({
  type: z.literal('daemon'),
  time: z.string(),
  message: z.string(),
});
export type DaemonEvent = z.infer<typeof DaemonEventSchema>;

export const EventSchema = z.discriminatedUnion('type', [TransitionEventSchema, DaemonEventSchema]);
export type TaskmasterEvent = z.infer<typeof EventSchema>;

export const ActionResultSchema = z.object({
  target: z.string(),
  unit: z.string(),
  instance: z.int(),
  ok: z.boolean(),
  state: StateSchema,
  message: z.string(),
});
export type ActionResult = z.infer<typeof ActionResultSchema>;
