import { spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';

/**
 * The floor: the least a supervisor written in Node can do. It spawns every program of the JSON
 * file given as its argument and respawns each one when it exits. No config format, no state, no
 * socket, no logs of its own: whatever Taskmaster costs beyond this is the price of its features.
 *
 * Usage: node floor-supervisor.js PROGRAMS.json, where the file holds [{argv, stdoutPath?}].
 */

interface FloorProgram {
  argv: string[];
  autorestart: boolean;
  stdoutPath?: string;
}

function run(program: FloorProgram): void {
  // Like any real supervisor: the child leads its own process group and writes its own file.
  const stdout = program.stdoutPath ? openSync(program.stdoutPath, 'a') : 'ignore';
  const child = spawn(program.argv[0], program.argv.slice(1), {
    detached: true,
    stdio: ['ignore', stdout, 'ignore'],
  });
  child.on('exit', () => {
    if (program.autorestart) run(program);
  });
  child.on('error', () => {});
}

const programs = JSON.parse(readFileSync(process.argv[2], 'utf8')) as FloorProgram[];
for (const program of programs) run(program);
