import type { State } from '../../protocol/model.js';

const SGR = { green: '32', yellow: '33', red: '31', dim: '2' } as const;
export type Style = keyof typeof SGR;

export function paint(text: string, style: Style | null, enabled: boolean): string {
  if (!enabled || style === null || text === '') return text;
  return `\u001b[${SGR[style]}m${text}\u001b[0m`;
}

/** Green when healthy, yellow while in transition, red when given up, dim when not running. */
export function stateStyle(state: State): Style {
  switch (state) {
    case 'RUNNING':
      return 'green';
    case 'STARTING':
    case 'STOPPING':
    case 'BACKOFF':
      return 'yellow';
    case 'FATAL':
      return 'red';
    case 'EXITED':
    case 'STOPPED':
      return 'dim';
  }
}
