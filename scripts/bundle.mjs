// Bundles the CLI, the daemon and the TUI into dist/bundle/ (run by `npm run build` after tsc).
// One CommonJS file per program: node starts a CommonJS entry about 7 ms sooner than an ES module
// (it never starts its ES module loader), and one file loads several times faster than dozens of
// modules. Code needed only by some commands stays lazy in two ways: the commander path is a bundle
// of its own (see commander-line.ts), and within a bundle esbuild evaluates a dynamically imported
// module only when it is imported, so what stays unused is parsed but never run.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundle');
rmSync(outdir, { recursive: true, force: true });

const entryPoints = {
  taskmaster: 'src/cli/main.ts',
  'commander-line': 'src/cli/commander-line.ts',
  daemon: 'src/taskmasterd.ts',
  tui: 'tui/main.ts',
};

/** An import of another entry's module becomes a require() of that entry's bundle (they sit side by side). */
const entriesStaySeparate = {
  name: 'entries-stay-separate',
  setup(builder) {
    const bundleOf = new Map(Object.entries(entryPoints).map(([name, path]) => [join(root, path), name]));
    builder.onResolve({ filter: /^\.\.?\// }, ({ path, resolveDir, kind }) => {
      if (kind === 'entry-point') return undefined;
      const name = bundleOf.get(resolve(resolveDir, path.replace(/\.js$/, '.ts')));
      return name ? { path: `./${name}.cjs`, external: true } : undefined;
    });
  },
};

await build({
  absWorkingDir: root,
  entryPoints,
  outdir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  plugins: [entriesStaySeparate],
  // Another bundle is loaded with require(): import() would start the ES module loader after all.
  supported: { 'dynamic-import': false },
  // blessed loads its widgets and terminfo data from its own directory at run time.
  external: ['blessed'],
  // Our sources are ES modules: strict, as ES modules always are (esbuild's own "use strict" would
  // come after the banner, where it counts for nothing), and import.meta.url is the bundle's URL.
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "'use strict';\nconst importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
});
