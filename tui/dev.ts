import { resolveSocketPath } from '../src/client/paths.js';
import { runTui } from './main.js';

/**
 * Development entry: `node <build>/tui/dev.js [--socket PATH]`. The real entry points are
 * `taskmaster tui` and `taskmaster up`; this one lets the TUI run (and be tested) on its own.
 */
const flag = process.argv.indexOf('--socket');
const socket = resolveSocketPath(flag === -1 ? undefined : process.argv[flag + 1]);

runTui({ socket }).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`taskmaster tui: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
