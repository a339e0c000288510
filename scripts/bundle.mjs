// Bundles the CLI, the daemon and the TUI into dist/bundle/ (run by `npm run build` after tsc).
// One file per program loads several times faster than dozens of ES modules, and takes less
// memory in a daemon that runs for months; code split points keep each command's code lazy.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundle');
rmSync(outdir, { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: { taskmaster: 'src/cli/main.ts', daemon: 'src/taskmasterd.ts', tui: 'tui/main.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  // blessed loads its widgets and terminfo data from its own directory at run time.
  external: ['blessed'],
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
  // CommonJS dependencies bundled into ES modules still call require() for Node's built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
