/** Everything a key can do; the dispatcher maps key presses to these, help and footer list them. */
export type Action =
  | 'up'
  | 'down'
  | 'pageUp'
  | 'pageDown'
  | 'home'
  | 'end'
  | 'start'
  | 'stop'
  | 'restart'
  | 'reload'
  | 'filter'
  | 'clearFilter'
  | 'focus'
  | 'logs'
  | 'stream'
  | 'events'
  | 'fullscreen'
  | 'help'
  | 'quit';

export interface Binding {
  action: Action;
  /** blessed key names (`key.full`) that trigger it. */
  keys: string[];
  label: string;
  help: string;
  /** Short name in the always-visible footer; absent = help overlay only. */
  footer?: string;
}

export const BINDINGS: readonly Binding[] = [
  { action: 'up', keys: ['up', 'k'], label: 'Up/k', help: 'select previous instance (scroll logs when focused)' },
  { action: 'down', keys: ['down', 'j'], label: 'Down/j', help: 'select next instance (scroll logs when focused)' },
  { action: 'pageUp', keys: ['pageup', 'C-b'], label: 'PgUp', help: 'page up' },
  { action: 'pageDown', keys: ['pagedown', 'C-f'], label: 'PgDn', help: 'page down' },
  { action: 'home', keys: ['home', 'g'], label: 'Home/g', help: 'first row / oldest log line' },
  { action: 'end', keys: ['end', 'S-g'], label: 'End/G', help: 'last row / follow the log tail' },
  { action: 'start', keys: ['s'], label: 's', help: 'start the selected instance', footer: 'start' },
  { action: 'stop', keys: ['x'], label: 'x', help: 'stop the selected instance', footer: 'stop' },
  { action: 'restart', keys: ['r'], label: 'r', help: 'restart the selected instance', footer: 'restart' },
  { action: 'reload', keys: ['S-r'], label: 'R', help: 'reload unit files and show the plan applied', footer: 'reload' },
  { action: 'filter', keys: ['/'], label: '/', help: 'filter by name (Enter keeps it, Esc clears it)', footer: 'filter' },
  { action: 'clearFilter', keys: ['escape'], label: 'Esc', help: 'clear the filter, close help' },
  { action: 'focus', keys: ['tab'], label: 'Tab', help: 'switch focus between table and logs', footer: 'focus' },
  { action: 'logs', keys: ['enter', 'l'], label: 'Enter/l', help: 'show the selected instance\'s logs and focus them' },
  { action: 'stream', keys: ['e'], label: 'e', help: 'switch the log pane between stdout and stderr', footer: 'out/err' },
  { action: 'events', keys: ['v'], label: 'v', help: 'switch the log pane to the daemon\'s event log and back', footer: 'events' },
  { action: 'fullscreen', keys: ['f'], label: 'f', help: 'full-screen logs on/off', footer: 'full' },
  { action: 'help', keys: ['?'], label: '?', help: 'this help', footer: 'help' },
  { action: 'quit', keys: ['q', 'C-c'], label: 'q', help: 'detach (the daemon keeps running)', footer: 'quit' },
];

const BY_KEY = new Map<string, Action>(BINDINGS.flatMap((binding) => binding.keys.map((key) => [key, binding.action] as const)));

/** blessed reports `?` and `/` through `ch`, letters through `key.full` (`S-r` for R). */
export function actionFor(ch: string | undefined, full: string | undefined): Action | undefined {
  return (full !== undefined ? BY_KEY.get(full) : undefined) ?? (ch !== undefined ? BY_KEY.get(ch) : undefined);
}
