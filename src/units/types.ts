/** The validated, resolved form of one unit file. Everything downstream works on this. */

export type RestartPolicy = 'always' | 'on-failure' | 'never';

export const STOP_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGHUP', 'SIGKILL', 'SIGUSR1', 'SIGUSR2'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

/**
 * Where a stream goes. `default` = a file per instance and stream under the daemon's log directory;
 * `discard` = the unit said "null"; `merge` (stderr only) = the unit said "stdout".
 * `path` may contain `{instance}`, expanded by the supervisor.
 */
export type OutputTarget =
  | { kind: 'default' }
  | { kind: 'discard' }
  | { kind: 'merge' }
  | { kind: 'file'; path: string };

export interface UnitSpec {
  /** File name without `.toml`. */
  name: string;
  /** Absolute path of the unit file. */
  file: string;
  description: string;
  /** The `command` key as written, for display. */
  command: string;
  argv: string[];
  instances: number;
  autostart: boolean;
  restart: RestartPolicy;
  exitCodes: number[];
  startSeconds: number;
  startRetries: number;
  restartDelay: number;
  stopSignal: StopSignal;
  stopTimeout: number;
  stdout: OutputTarget;
  stderr: OutputTarget;
  workingDirectory: string | null;
  /** Numeric umask (parsed from the octal string), or null to inherit the daemon's. */
  umask: number | null;
  user: string | null;
  group: string | null;
  environment: Record<string, string>;
}

/** One problem in one unit file. `line`/`col` are 1-based; 0 when the problem has no position (e.g. unreadable file). */
export interface Diagnostic {
  file: string;
  line: number;
  col: number;
  /** The offending key (dotted for nested keys, e.g. `environment.PORT`), or null for file-level problems. */
  key: string | null;
  message: string;
}

export interface InvalidUnit {
  name: string;
  file: string;
  diagnostics: Diagnostic[];
}

/** Result of reading a units directory: every file is either a unit or an invalid unit. */
export interface LoadResult {
  units: UnitSpec[];
  invalid: InvalidUnit[];
}

/** What a reload must do; computed purely by `diff(current, next)`. */
export interface Plan {
  add: UnitSpec[];
  remove: string[];
  /** Changed in a field that affects the process: stop all its instances, start with the new spec. */
  restart: UnitSpec[];
  /** Only `instances` changed (perhaps with non-process fields): start or stop the difference. */
  scale: Array<{ unit: UnitSpec; from: number; to: number }>;
  /** No process change; the new spec (e.g. a new description) is committed as is. */
  unchanged: UnitSpec[];
  /** The new file is invalid; the current definition (if any) is kept running. */
  invalid: Array<InvalidUnit & { kept: boolean }>;
}
