import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { formatDiagnostic } from '../../../src/units/diagnostic.js';
import { UnitLoader } from '../../../src/units/load.js';
import type { InvalidUnit, LoadResult } from '../../../src/units/types.js';

const VALID = 'command = ["sleep", "100"]\n';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function messagesOf(result: LoadResult, name: string): string[] {
  const unit = result.invalid.find((u) => u.name === name);
  if (!unit) throw new Error(`no invalid unit named ${name}; invalid: ${result.invalid.map((u) => u.name).join(', ')}`);
  return unit.diagnostics.map((d) => d.message);
}

describe('units/load UnitLoader', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-units-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const write = (name: string, content: string | Uint8Array) => fs.writeFileSync(path.join(dir, name), content);

  describe('loadDir', () => {
    it('reads *.toml entries sorted by name, with absolute files, ignoring editor leftovers and other files', async () => {
      for (const name of ['b.toml', 'a.toml', 'c@1.toml']) write(name, VALID);
      for (const name of ['.hidden.toml', '.a.toml.swp', 'a.toml~', '#a.toml#', 'notes.txt', 'a.toml.bak']) write(name, 'garbage = = =');
      fs.mkdirSync(path.join(dir, 'nested'));
      fs.writeFileSync(path.join(dir, 'nested', 'deep.toml'), VALID);

      const result = await new UnitLoader().loadDir(dir);
      expect(result.units.map((u) => u.name)).to.deep.equal(['a', 'b', 'c@1']);
      expect(result.units[0].file).to.equal(path.join(dir, 'a.toml'));
      expect(result.invalid).to.deep.equal([]);
      expect(result.dirError).to.equal(null);
    });

    it('returns an empty result flagged dirMissing for a missing directory', async () => {
      const result = await new UnitLoader().loadDir(path.join(dir, 'nope'));
      expect(result.units).to.deep.equal([]);
      expect(result.invalid).to.deep.equal([]);
      expect(result.dirMissing).to.equal(true);
      expect(result.dirError?.message).to.equal('units directory does not exist');
    });

    it('reports a file given as the directory without crashing', async () => {
      write('file', 'x');
      const result = await new UnitLoader().loadDir(path.join(dir, 'file'));
      expect(result.dirMissing).to.equal(false);
      expect(result.dirError?.message).to.equal('not a directory');
    });

    it('does not re-parse unchanged files and returns the same objects', async () => {
      for (let i = 0; i < 20; i++) write(`u${i}.toml`, VALID);
      write('bad.toml', 'instances = 0');
      const loader = new UnitLoader();
      const first = await loader.loadDir(dir);
      expect(loader.parseCount).to.equal(21);

      const second = await loader.loadDir(dir);
      expect(loader.parseCount).to.equal(21);
      expect(second).to.deep.equal(first);
      second.units.forEach((unit, i) => expect(unit).to.equal(first.units[i]));
      expect(second.invalid[0]).to.equal(first.invalid[0]);
    });

    it('re-parses a file whose content changed, even at the same size', async () => {
      write('web.toml', 'command = "a"\n');
      const loader = new UnitLoader();
      await loader.loadDir(dir);
      write('web.toml', 'command = "b"\n');
      const result = await loader.loadDir(dir);
      expect(loader.parseCount).to.equal(2);
      expect(result.units[0].argv).to.deep.equal(['b']);
    });

    it('forgets removed files, so a file that comes back is parsed again', async () => {
      write('web.toml', VALID);
      const loader = new UnitLoader();
      await loader.loadDir(dir);
      fs.rmSync(path.join(dir, 'web.toml'));
      expect((await loader.loadDir(dir)).units).to.deep.equal([]);
      write('web.toml', VALID);
      await loader.loadDir(dir);
      expect(loader.parseCount).to.equal(2);
    });

    it('rescans 500 unchanged files quickly', async function () {
      for (let i = 0; i < 500; i++) {
        write(`unit-${i}.toml`, `description = "unit ${i}"\ncommand = ["sh", "-c", "sleep 100"]\ninstances = 2\n[environment]\nPORT = "${8000 + i}"\n`);
      }
      const loader = new UnitLoader();
      await loader.loadDir(dir);
      let best = Infinity;
      for (let round = 0; round < 5; round++) {
        const started = performance.now();
        await loader.loadDir(dir);
        best = Math.min(best, performance.now() - started);
      }
      expect(loader.parseCount).to.equal(500);
      // The target is well under 20 ms; allow slack for loaded CI machines.
      expect(best).to.be.below(50);
    });
  });

  describe('bad input files each get a clear diagnostic', () => {
    it('empty file', async () => {
      write('empty.toml', '');
      const result = await new UnitLoader().loadDir(dir);
      expect(result.invalid[0].diagnostics.map(formatDiagnostic)).to.deep.equal([
        `${path.join(dir, 'empty.toml')}:1:1: command: required key is missing`,
      ]);
    });

    it('non-UTF-8 bytes, with the position of the first bad byte', async () => {
      const latin1 = Buffer.from('command = "x"\ndescription = "caf\xe9"\n', 'latin1');
      write('latin.toml', latin1);
      const [problem] = (await new UnitLoader().loadDir(dir)).invalid[0].diagnostics;
      expect(problem).to.include({ line: 2, col: 19, message: 'file is not valid UTF-8 (save it as UTF-8)' });
    });

    it('a directory named x.toml', async () => {
      fs.mkdirSync(path.join(dir, 'x.toml'));
      expect(messagesOf(await new UnitLoader().loadDir(dir), 'x')).to.deep.equal(['is a directory, not a unit file']);
    });

    it('a dangling symlink', async () => {
      fs.symlinkSync(path.join(dir, 'gone.toml'), path.join(dir, 'link.toml'));
      expect(messagesOf(await new UnitLoader().loadDir(dir), 'link')).to.deep.equal([
        `dangling symlink (points to ${path.join(dir, 'gone.toml')}, which does not exist)`,
      ]);
    });

    it('a symlink to a valid file is followed', async () => {
      write('real.txt', VALID);
      fs.symlinkSync(path.join(dir, 'real.txt'), path.join(dir, 'linked.toml'));
      expect((await new UnitLoader().loadDir(dir)).units.map((u) => u.name)).to.deep.equal(['linked']);
    });

    it('a 10 MB file is rejected before reading, with its size', async () => {
      write('huge.toml', Buffer.alloc(10 * 1024 * 1024, 0x23));
      const [message] = messagesOf(await new UnitLoader().loadDir(dir), 'huge');
      expect(message).to.equal('file is 10485760 bytes (10.0 MiB); unit files are limited to 1048576 bytes (1 MiB)');
    });

    it('a FIFO does not block the loader', async function () {
      const fifo = path.join(dir, 'pipe.toml');
      try {
        const { execFileSync } = await import('node:child_process');
        execFileSync('mkfifo', [fifo]);
      } catch {
        this.skip();
      }
      expect(messagesOf(await new UnitLoader().loadDir(dir), 'pipe')).to.deep.equal(['is not a regular file']);
    });

    it('duplicate keys', async () => {
      write('dup.toml', 'command = "a"\ncommand = "b"\n');
      const [problem] = (await new UnitLoader().loadDir(dir)).invalid[0].diagnostics;
      expect(problem).to.include({ line: 2, col: 1 });
      expect(problem.message).to.match(/already defined/);
    });

    it('wrong types, negative numbers, unknown signal and relative working directory together', async () => {
      write('bad.toml', 'command = 1\nstart-retries = -2\nstop-signal = "NOPE"\nworking-directory = "rel/dir"\n');
      const unit = (await new UnitLoader().loadDir(dir)).invalid[0];
      expect(unit.diagnostics.map((d) => `${d.line}:${d.col} ${d.key}`)).to.deep.equal([
        '1:1 command',
        '2:1 start-retries',
        '3:1 stop-signal',
        '4:1 working-directory',
      ]);
    });

    it('a file name with spaces', async () => {
      write('my app.toml', VALID);
      expect(messagesOf(await new UnitLoader().loadDir(dir), 'my app')[0]).to.match(/invalid unit name "my app"/);
    });

    it('an unreadable file (EACCES)', async function () {
      if (isRoot) this.skip(); // root reads anything
      write('secret.toml', VALID);
      fs.chmodSync(path.join(dir, 'secret.toml'), 0o000);
      expect(messagesOf(await new UnitLoader().loadDir(dir), 'secret')).to.deep.equal(['permission denied']);
    });

    it('one bad file does not affect the others', async () => {
      write('good.toml', VALID);
      write('bad.toml', 'nonsense');
      const result = await new UnitLoader().loadDir(dir);
      expect(result.units.map((u) => u.name)).to.deep.equal(['good']);
      expect(result.invalid.map((u) => u.name)).to.deep.equal(['bad']);
    });
  });

  describe('loadPaths', () => {
    it('accepts files and directories together', async () => {
      fs.mkdirSync(path.join(dir, 'more'));
      write('a.toml', VALID);
      fs.writeFileSync(path.join(dir, 'more', 'b.toml'), VALID);
      const result = await new UnitLoader().loadPaths([path.join(dir, 'a.toml'), path.join(dir, 'more')]);
      expect(result.units.map((u) => u.name)).to.deep.equal(['a', 'b']);
    });

    it('turns a nonexistent path into an invalid unit', async () => {
      const missing = path.join(dir, 'ghost.toml');
      const result = await new UnitLoader().loadPaths([missing]);
      expect(result.invalid).to.deep.equal([
        { name: 'ghost', file: missing, diagnostics: [{ file: missing, line: 0, col: 0, key: null, message: 'no such file or directory' }] },
      ] satisfies InvalidUnit[]);
    });

    it('flags a unit name defined twice across paths', async () => {
      fs.mkdirSync(path.join(dir, 'one'));
      fs.mkdirSync(path.join(dir, 'two'));
      fs.writeFileSync(path.join(dir, 'one', 'web.toml'), VALID);
      fs.writeFileSync(path.join(dir, 'two', 'web.toml'), VALID);
      const result = await new UnitLoader().loadPaths([path.join(dir, 'one'), path.join(dir, 'two')]);
      expect(result.units.map((u) => u.file)).to.deep.equal([path.join(dir, 'one', 'web.toml')]);
      expect(result.invalid.map((u) => u.diagnostics[0].message)).to.deep.equal([
        `duplicate unit name "web": also defined by ${path.join(dir, 'one', 'web.toml')}`,
      ]);
    });

    it('counts the same file given twice once', async () => {
      write('a.toml', VALID);
      const result = await new UnitLoader().loadPaths([path.join(dir, 'a.toml'), dir]);
      expect(result.units.map((u) => u.name)).to.deep.equal(['a']);
      expect(result.invalid).to.deep.equal([]);
    });
  });
});

describe('example units in units/', () => {
  it('are all valid', async () => {
    const result = await new UnitLoader().loadDir(path.join(process.cwd(), 'units'));
    expect(result.invalid.flatMap((u) => u.diagnostics.map(formatDiagnostic))).to.deep.equal([]);
    expect(result.units.map((u) => u.name)).to.include.members(['clock', 'flaky', 'manual', 'worker']);
    const byName = new Map(result.units.map((u) => [u.name, u]));
    expect(byName.get('worker')?.instances).to.equal(3);
    expect(byName.get('worker')?.environment).to.have.property('WORKER_NAME');
    expect(byName.get('manual')).to.include({ autostart: false, restart: 'never' });
    expect(byName.get('flaky')).to.include({ restart: 'on-failure', startSeconds: 1, restartDelay: 1 });
  });
});
