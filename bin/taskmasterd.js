#!/usr/bin/env node
// `taskmasterd [options]` is `taskmaster daemon [options]`.
process.argv.splice(2, 0, 'daemon');
await import('./taskmaster.js');
