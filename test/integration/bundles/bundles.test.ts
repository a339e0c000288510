import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bundles `npm run build` makes (scripts/bundle.mjs), which bin/ and the .deb run. */
const BUNDLES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../bundle');

/** What a bundle require()s besides node's own modules (esbuild renames require to require2 and so on). */
function requiredPackages(bundle: string): string[] {
  const source = readFileSync(join(BUNDLES, bundle), 'utf8');
  const names = [...source.matchAll(/\brequire\d*\("([^"]+)"\)/g)].map((match) => match[1]);
  return [...new Set(names)].filter((name) => !name.startsWith('node:')).sort();
}

describe('bundles (npm run build)', function () {
  before(function () {
    if (!existsSync(BUNDLES)) this.skip();
  });

  it('are strict mode from their first statement, as our ES module sources were', () => {
    const files = readdirSync(BUNDLES).filter((name) => name.endsWith('.cjs'));
    expect(files).to.include.members(['taskmaster.cjs', 'commander-line.cjs', 'daemon.cjs', 'tui.cjs']);
    for (const name of files) {
      expect(readFileSync(join(BUNDLES, name), 'utf8').split('\n', 1)[0], name).to.equal("'use strict';");
    }
  });

  it("keep the CLI's fast path free of libraries, load blessed only in the TUI, and bundle the rest", () => {
    // The fast path (status, start, stop, restart, reload) loads no library; other lines load the commander bundle.
    expect(requiredPackages('taskmaster.cjs')).to.deep.equal(['./commander-line.cjs']);
    expect(requiredPackages('commander-line.cjs')).to.deep.equal([]);
    expect(requiredPackages('daemon.cjs')).to.deep.equal([]);
    // blessed reads its widgets and terminfo files from its own directory, so it stays a package.
    expect(requiredPackages('tui.cjs')).to.deep.equal(['blessed']);
  });
});
