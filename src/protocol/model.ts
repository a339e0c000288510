import * as z from 'zod';

export const STATES = ['STOPPED', 'STARTING', 'RUNNING', 'BACKOFF', 'STOPPING', 'EXITED', 'FATAL'] as const;
export const StateSchema = z.enum(STATES);
export type State = z.infer<typeof StateSchema>;

export const DiagnosticSchema = z.object({
  file: z.string(),
  line: z.number(),
  col: z.number(),
  key: z.string().nullable(),
  message: z.string(),
});

/** One instance as `status` reports it. snake_case because `status --json` prints it as is. */
export const InstanceStatusSchema = z.object({
  unit: z.string(),
  instance: z.number().int(),
  state: StateSchema,
  pid: z.number().int().nullable(),
  uptime_s: z.number().nullable(),
  restarts: z.number().int(),
  exit_code: z.number().int().nullable(),
  /** Signal name that ended the last run, e.g. "SIGKILL". */
  signal: z.string().nullable(),
  reason: z.string().nullable(),
  command: z.string(),
  description: z.string(),
  /** CPU % over the last sampling interval and RSS summed over the process group; null when not sampled. */
  cpu_percent: z.number().nullable(),
  rss_bytes: z.number().nullable(),
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
  scale: z.array(z.object({ unit: z.string(), from: z.number().int(), to: z.number().int() })),
  unchanged: z.array(z.string()),
  invalid: z.array(InvalidUnitStatusSchema),
});
export type PlanSummary = z.infer<typeof PlanSummarySchema>;

/** A state transition of one instance. */
export const TransitionEventSchema = z.object({
  type: z.literal('transition'),
  time: z.string(),
  unit: z.string(),
  instance: z.number().int(),
  from: StateSchema,
  to: StateSchema,
  pid: z.number().int().nullable(),
  reason: z.string().nullable(),
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
  instance: z.number().int(),
  ok: z.boolean(),
  state: StateSchema,
  message: z.string(),
});
export type ActionResult = z.infer<typeof ActionResultSchema>;
