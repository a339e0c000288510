/**
 * The one UnitSpec factory for tests. Defaults are the unit format's own (what a file holding only
 * `command = "run"` gives); `command` follows `argv` unless it is given too.
 */
import type { UnitSpec } from '../../src/units/types.js';

export function makeSpec(overrides: Partial<UnitSpec> = {}): UnitSpec {
  const name = overrides.name ?? 'web';
  const argv = overrides.argv ?? ['run'];
  return {
    name,
    file: `/units/${name}.toml`,
    description: '',
    command: argv.join(' '),
    argv,
    instances: 1,
    autostart: true,
    restart: 'on-failure',
    exitCodes: [0],
    startSeconds: 1,
    startRetries: 3,
    restartDelay: 1,
    stopSignal: 'SIGTERM',
    stopTimeout: 10,
    stdout: { kind: 'default' },
    stderr: { kind: 'default' },
    workingDirectory: null,
    umask: null,
    user: null,
    group: null,
    environment: {},
    ...overrides,
  };
}

/**
 * Supervisor tests: a long sleep, not started on `add`, with timings short enough for real
 * processes (start-seconds 0.2, restart-delay 0.05, stop-timeout 2).
 */
export function makeSupervisedSpec(overrides: Partial<UnitSpec> = {}): UnitSpec {
  return makeSpec({
    argv: ['sleep', '1000'],
    description: `test unit ${overrides.name ?? 'web'}`,
    autostart: false,
    startSeconds: 0.2,
    restartDelay: 0.05,
    stopTimeout: 2,
    ...overrides,
  });
}
