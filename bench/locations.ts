import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The compiled tree this harness runs from (`dist/` under npm run bench, or any --outDir). */
export const compiledRoot = dirname(dirname(fileURLToPath(import.meta.url)));

/** The floor supervisor's compiled script, next to this file. */
export const floorScript = join(dirname(fileURLToPath(import.meta.url)), 'floor-supervisor.js');

function isTaskmasterCheckout(dir: string): boolean {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return false;
  try {
    return JSON.parse(readFileSync(manifest, 'utf8')).name === 'taskmaster';
  } catch {
    return false;
  }
}

/** The checkout whose `bin/` is benchmarked: the first Taskmaster package.json above the cwd or the compiled tree. */
export function findCheckout(): string {
  for (const start of [process.cwd(), compiledRoot]) {
    for (let dir = start; ; dir = dirname(dir)) {
      if (isTaskmasterCheckout(dir)) return dir;
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error('no Taskmaster checkout (package.json named "taskmaster") above the current directory');
}

/** The first executable called `name` on PATH; throws when there is none. */
export function findExecutable(name: string): string {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(':')) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory.
    }
  }
  throw new Error(`${name} not found on PATH`);
}
