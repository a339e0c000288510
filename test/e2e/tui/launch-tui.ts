import { writeFileSync } from 'node:fs';
import { runTui } from '../../../tui/main.js';

/**
 * What the tests run inside tmux: `node launch-tui.js SOCKET PIDFILE`. Writes its pid so a test
 * can read /proc/PID/stat, and leaves with the runTui outcome as its exit status.
 */
const [socket, pidFile] = process.argv.slice(2);
if (!socket || !pidFile) {
  process.stderr.write('usage: launch-tui.js SOCKET PIDFILE\n');
  process.exit(2);
}
writeFileSync(pidFile, String(process.pid));
// For the crash test: an exception nobody catches, thrown while the TUI owns the terminal.
const crashAfterMs = Number(process.env.TUI_TEST_CRASH_AFTER_MS ?? 0);
if (crashAfterMs > 0) {
  setTimeout(() => {
    throw new Error('deliberate crash for the test');
  }, crashAfterMs);
}
runTui({ socket }).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`tui failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
