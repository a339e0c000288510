#!/usr/bin/env node
// `taskmasterd [options]` is `taskmaster daemon [options]`.
import { launch } from './launch.js';

await launch(['daemon', ...process.argv.slice(2)]);
