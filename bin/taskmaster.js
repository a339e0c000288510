#!/usr/bin/env node
// Runs one command line. bin/ is CommonJS (bin/package.json) because node starts a CommonJS entry
// about 7 ms sooner than an ES module: it never starts its ES module loader for the bundles.
const { existsSync } = require('node:fs');
const { resolve } = require('node:path');
const { compiledPath, loadCompiled } = require('./build.js');

const main = compiledPath('taskmaster', 'src/cli/main.js');
if (!existsSync(main)) {
  process.stderr.write(`taskmaster: no compiled code at ${main} — run 'npm run build' (or set TASKMASTER_DIST)\n`);
  process.exit(1);
}
loadCompiled('taskmaster', 'src/cli/main.js').then(({ runCli }) =>
  // The daemon and the TUI are loaded only by the commands that run them, and src/cli never imports them.
  runCli(process.argv.slice(2), {
    runDaemon: () => loadCompiled('daemon', 'src/daemon/main.js').then((m) => m.runDaemon),
    runTui: () => loadCompiled('tui', 'tui/main.js').then((m) => m.runTui),
    daemonEntry: resolve(__dirname, 'taskmasterd.js'),
    packageJson: resolve(__dirname, '../package.json'),
  }),
);
