import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cliSetup } from './cli-setup.js';
import type { CliHost } from './context.js';
import type { Output } from './output.js';
import { runProgram } from './program.js';

/**
 * A CLI line the fast path did not take: commander parses it. The build makes this module and what
 * it imports a bundle of their own, loaded only for such lines (scripts/bundle.mjs).
 */
export function runCommanderLine(args: string[], host: CliHost, output: Output): Promise<number> {
  return runProgram({ ...cliSetup(output, host), version: readVersion(host) }, args);
}

function readVersion(host: CliHost): string {
  const file = host.packageJson ?? fileURLToPath(new URL('../../../package.json', import.meta.url));
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
