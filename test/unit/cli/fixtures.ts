import type { Client } from '../../../src/client/client.js';
import type { InstanceStatus, InvalidUnitStatus } from '../../../src/protocol/model.js';

export function instance(overrides: Partial<InstanceStatus> = {}): InstanceStatus {
  return {
    unit: 'web',
    instance: 0,
    state: 'RUNNING',
    pid: 4242,
    uptime_s: 192,
    restarts: 0,
    exit_code: null,
    signal: null,
    reason: null,
    command: 'python3 -m http.server 8080',
    description: 'test web server',
    cpu_percent: null,
    rss_bytes: null,
    ...overrides,
  };
}

export const brokenUnit: InvalidUnitStatus = {
  unit: 'broken',
  file: '/etc/units/broken.toml',
  kept: true,
  diagnostics: [{ file: '/etc/units/broken.toml', line: 3, col: 11, key: 'instances', message: 'expected an integer' }],
};

/** A stand-in for the daemon connection: answers each method from `answers`, records every request. */
export function fakeClient(answers: Record<string, (params: any) => unknown>): Client & { requests: Array<[string, unknown]> } {
  const requests: Array<[string, unknown]> = [];
  const fake = {
    requests,
    async request(method: string, params: unknown) {
      requests.push([method, params]);
      const answer = answers[method];
      if (!answer) throw new Error(`fake client: no answer for ${method}`);
      return answer(params);
    },
    peekNextId: () => 1,
    on: () => () => {},
    onClose: () => {},
    close: () => {},
  };
  return fake as unknown as Client & { requests: Array<[string, unknown]> };
}
