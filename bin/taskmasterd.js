#!/usr/bin/env node
// `taskmasterd [options]` is `taskmaster daemon [options]`: see src/taskmasterd.ts.
const { setFlagsFromString } = require('node:v8');
const { loadCompiled } = require('./build.js');

// The daemon spends its life waiting on children and sockets, so V8's optimising compilers buy it
// almost nothing while their code and feedback cost memory. Lite mode (interpreter and baseline
// code only), set before any of our code loads, measured with 500 units: RSS 70 -> 54 MB, and a
// faster cold start, as forking a smaller process is cheaper. For the same reason the young
// generation stays at its initial 1 MiB semi-spaces instead of growing to 8: with 500 units that is
// 3.5 MB less anonymous memory for every fork to copy, and a cold start about 8 % faster.
// (The .deb's /usr/bin/taskmasterd also passes them on node's command line, where they hold from the start.)
setFlagsFromString('--lite-mode');
setFlagsFromString('--semi-space-growth-factor=1');

function runCliLine(line) {
  process.argv.splice(2, process.argv.length - 2, ...line);
  require('./taskmaster.js');
}

loadCompiled('daemon', 'src/taskmasterd.js').then(
  ({ runTaskmasterd }) => runTaskmasterd(process.argv.slice(2), async (line) => runCliLine(line)),
  // No build (or a broken one): bin/taskmaster.js says what to do.
  () => runCliLine(['daemon', ...process.argv.slice(2)]),
);
