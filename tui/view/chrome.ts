import { BINDINGS } from '../keys.js';
import { escapeTags, paint, stateColour, type Palette } from './format.js';
import type { State } from '../../src/protocol/index.js';

/** Trouble first, so a glance at the header shows what needs attention. */
const STATES_IN_HEADER_ORDER: readonly (State | 'INVALID')[] = [
  'FATAL',
  'INVALID',
  'BACKOFF',
  'EXITED',
  'STARTING',
  'STOPPING',
  'RUNNING',
  'STOPPED',
];

export interface DaemonIdentity {
  version: string;
  socket: string;
  unitsDir: string;
}

export type ConnectionState =
  | { kind: 'connecting' }
  | { kind: 'connected' }
  | { kind: 'lost'; retryInMs: number; error: string };

/** First header line: who we talk to. */
export function formatIdentityLine(identity: DaemonIdentity | null, socket: string): string {
  if (!identity) return escapeTags(`Taskmaster  socket ${socket}`);
  return escapeTags(`Taskmaster ${identity.version}  socket ${identity.socket}  units ${identity.unitsDir}`);
}

/** Second header line: connection health and how many instances are in each state. */
export function formatSummaryLine(
  connection: ConnectionState,
  counts: Map<State | 'INVALID', number>,
  filter: string,
  shown: number,
  palette: Palette,
): string {
  const parts: string[] = [];
  let total = 0;
  for (const state of STATES_IN_HEADER_ORDER) {
    const count = counts.get(state) ?? 0;
    if (state !== 'INVALID') total += count;
    if (count > 0) parts.push(paint(`${state} ${count}`, stateColour(state), palette));
  }
  // While the daemon is away the table is what it last said, and the header says so first.
  if (connection.kind === 'lost') {
    const retry = (connection.retryInMs / 1000).toFixed(1);
    parts.unshift(paint(`DAEMON UNREACHABLE (retry every ${retry}s)`, 'red-fg', palette), `last known ${total}:`);
  } else if (connection.kind === 'connecting') {
    parts.unshift(paint('connecting...', 'yellow-fg', palette));
  } else {
    parts.unshift(`${total} instance${total === 1 ? '' : 's'}:`);
  }
  if (filter !== '') parts.push(escapeTags(`filter "${filter}": ${shown} shown`));
  return parts.join('  ');
}

/**
 * The always-visible key reminder. When the width is short, middle items go first: help and quit
 * stay, since from help every other key can be found.
 */
export function formatFooter(width: number): string {
  const items = BINDINGS.filter((binding) => binding.footer).map((binding) => `${binding.label} ${binding.footer}`);
  const kept = items.slice(-2);
  const optional = items.slice(0, -2);
  const joined = (list: string[]) => list.join('  ');
  const chosen: string[] = [];
  for (const item of optional) {
    if (joined([...chosen, item, ...kept]).length > width) break;
    chosen.push(item);
  }
  return escapeTags(joined([...chosen, ...kept]).slice(0, width));
}

/** blessed's key names as a user would write them. */
const KEY_NAMES: Record<string, string> = {
  up: 'Up',
  down: 'Down',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  home: 'Home',
  end: 'End',
  escape: 'Esc',
  tab: 'Tab',
  enter: 'Enter',
};

function displayKey(key: string): string {
  if (KEY_NAMES[key]) return KEY_NAMES[key];
  if (key.startsWith('S-')) return key.slice(2).toUpperCase();
  if (key.startsWith('C-')) return `Ctrl-${key.slice(2)}`;
  return key;
}

/** One line per binding, so the overlay fits a 24-line terminal. */
export function formatHelp(): string {
  const names = BINDINGS.map((binding) => binding.keys.map(displayKey).join(' '));
  const width = Math.max(...names.map((name) => name.length));
  return BINDINGS.map((binding, i) => `{bold}${escapeTags(names[i].padEnd(width))}{/bold}  ${escapeTags(binding.help)}`).join('\n');
}
