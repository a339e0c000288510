/** Builds UnitSpec objects for supervisor tests, with short timings by default. */
import type { UnitSpec } from '../../../src/units/types.js';

export function makeSpec(overrides: Partial<UnitSpec> & { name?: string } = {}): UnitSpec {
  const name = overrides.name ?? 'web';
  const argv = overrides.argv ?? ['sleep', '1000'];
  return {
    name,
    file: `/etc/taskmaster/units/${name}.toml`,
    description: `test unit ${name}`,
    command: argv.join(' '),
    argv,
    instances: 1,
    autostart: false,
    restart: 'on-failure',
    exitCodes: [0],
    startSeconds: 0.2,
    startRetries: 3,
    restartDelay: 0.05,
    stopSignal: 'SIGTERM',
    stopTimeout: 2,
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
