#!/usr/bin/env node
// `taskmasterd [options]` is `taskmaster daemon [options]`: see src/taskmasterd.ts.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';

// The daemon spends its life waiting on children and sockets, so V8's optimising compilers buy it
// almost nothing while their code and feedback cost memory. Lite mode (interpreter and baseline
// code only), set before any of our code loads, measured with 500 units: RSS 70 -> 54 MB, and a
// faster cold start, as forking a smaller process is cheaper. For the same reason the young
// generation stays at its initial 1 MiB semi-spaces instead of growing to 8: with 500 units that is
// 3.5 MB less anonymous memory for every fork to copy, and a cold start about 8 % faster.
// (The .deb's /usr/bin/taskmasterd passes the same flags to node instead.)
setFlagsFromString('--lite-mode');
setFlagsFromString('--semi-space-growth-factor=1');

// The same build bin/taskmaster.js runs: TASKMASTER_DIST, else ../dist; its bundle, else its module tree.
const binDir = dirname(fileURLToPath(import.meta.url));
const dist = resolve(binDir, process.env.TASKMASTER_DIST || '../dist');
const bundle = resolve(dist, 'bundle/daemon.js');
const entry = existsSync(bundle) ? bundle : resolve(dist, 'src/taskmasterd.js');

let runTaskmasterd;
try {
  ({ runTaskmasterd } = await import(pathToFileURL(entry).href));
} catch {
  // No build (or a broken one): bin/taskmaster.js says what to do.
  runTaskmasterd = (args, runCli) => runCli(['daemon', ...args]);
}
await runTaskmasterd(process.argv.slice(2), async (line) => {
  process.argv.splice(2, process.argv.length - 2, ...line);
  await import('./taskmaster.js');
});
