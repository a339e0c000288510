#!/usr/bin/env node
// Finds the compiled code and runs one command line. TASKMASTER_DIST points at another build (tests
// use their own); the default is ../dist beside bin/. Kept to one file: every module costs startup.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const binDir = dirname(fileURLToPath(import.meta.url));
const dist = resolve(binDir, process.env.TASKMASTER_DIST || '../dist');
const compiled = (path) => pathToFileURL(resolve(dist, path)).href;

// `npm run build` makes bundles (fast to load, light in memory); a bare tsc build (tests' own
// TASKMASTER_DIST) has only the module tree, which works the same.
const bundled = existsSync(resolve(dist, 'bundle/taskmaster.js'));
const entry = (name, modulePath) => (bundled ? `bundle/${name}.js` : modulePath);
const main = resolve(dist, entry('taskmaster', 'src/cli/main.js'));
if (!existsSync(main)) {
  process.stderr.write(`taskmaster: no compiled code at ${main} — run 'npm run build' (or set TASKMASTER_DIST)\n`);
  process.exit(1);
}
const { runCli } = await import(pathToFileURL(main).href);
// The daemon and the TUI are loaded only by the commands that run them, and src/cli never imports them.
await runCli(process.argv.slice(2), {
  runDaemon: () => import(compiled(entry('daemon', 'src/daemon/main.js'))).then((m) => m.runDaemon),
  runTui: () => import(compiled(entry('tui', 'tui/main.js'))).then((m) => m.runTui),
  daemonEntry: resolve(binDir, 'taskmasterd.js'),
  packageJson: resolve(binDir, '../package.json'),
});
