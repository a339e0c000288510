#!/usr/bin/env node
// Finds the compiled code and runs one command line. TASKMASTER_DIST points at another build (tests
// use their own); the default is ../dist beside bin/. Kept to one file: every module costs startup.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const binDir = dirname(fileURLToPath(import.meta.url));
const dist = resolve(binDir, process.env.TASKMASTER_DIST || '../dist');
const compiled = (path) => pathToFileURL(resolve(dist, path)).href;

const main = resolve(dist, 'src/cli/main.js');
if (!existsSync(main)) {
  process.stderr.write(`taskmaster: no compiled code at ${main} — run 'npm run build' (or set TASKMASTER_DIST)\n`);
  process.exit(1);
}
const { runCli } = await import(pathToFileURL(main).href);
// The daemon and the TUI are loaded only by the commands that run them, and src/cli never imports them.
await runCli(process.argv.slice(2), {
  runDaemon: () => import(compiled('src/daemon/main.js')).then((m) => m.runDaemon),
  runTui: () => import(compiled('tui/main.js')).then((m) => m.runTui),
  daemonEntry: resolve(binDir, 'taskmasterd.js'),
  packageJson: resolve(binDir, '../package.json'),
});
