import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileSize, followFile, readLastLines, type Follower } from '../../../src/supervisor/logread.js';
import { waitFor } from './harness.js';

describe('supervisor log reading', function () {
  this.timeout(20_000);
  let dir: string;
  const followers: Follower[] = [];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-logread-'));
  });
  afterEach(() => {
    for (const follower of followers.splice(0)) follower.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const file = (name: string, text: string | Buffer): string => {
    const target = path.join(dir, name);
    fs.writeFileSync(target, text);
    return target;
  };

  describe('readLastLines', () => {
    it('returns the last N lines exactly as written, newlines included', async () => {
      const log = file('a.log', 'one\ntwo\nthree\nfour\n');
      expect(await readLastLines(log, 2)).to.equal('three\nfour\n');
      expect(await readLastLines(log, 1)).to.equal('four\n');
      expect(await readLastLines(log, 4)).to.equal('one\ntwo\nthree\nfour\n');
      expect(await readLastLines(log, 50)).to.equal('one\ntwo\nthree\nfour\n');
    });

    it('counts an unterminated last line as a line', async () => {
      const log = file('b.log', 'one\ntwo\nthree');
      expect(await readLastLines(log, 2)).to.equal('two\nthree');
    });

    it('keeps empty lines', async () => {
      const log = file('c.log', 'one\n\n\ntwo\n');
      expect(await readLastLines(log, 3)).to.equal('\n\ntwo\n');
    });

    it('gives "" for a missing or empty file, or for 0 lines', async () => {
      expect(await readLastLines(path.join(dir, 'missing.log'), 10)).to.equal('');
      expect(await readLastLines(file('empty.log', ''), 10)).to.equal('');
      expect(await readLastLines(file('d.log', 'x\n'), 0)).to.equal('');
    });

    it('reads a file many chunks long, with multi-byte characters across chunk boundaries', async () => {
      const lines = Array.from({ length: 40_000 }, (_, i) => `${i} ${'é✓'.repeat(i % 13)} ${'x'.repeat(i % 37)}`);
      const log = file('big.log', lines.join('\n') + '\n');
      expect(fs.statSync(log).size).to.be.above(1_000_000);
      expect(await readLastLines(log, 3)).to.equal(lines.slice(-3).join('\n') + '\n');
      expect(await readLastLines(log, 25_000)).to.equal(lines.slice(-25_000).join('\n') + '\n');
      expect(await readLastLines(log, 100_000)).to.equal(lines.join('\n') + '\n');
    });

    it('handles one line longer than a chunk', async () => {
      const long = 'y'.repeat(200_000);
      const log = file('long.log', `first\n${long}\n`);
      expect(await readLastLines(log, 1)).to.equal(`${long}\n`);
    });
  });

  describe('fileSize', () => {
    it('is the size in bytes, or 0 for a missing file', async () => {
      expect(await fileSize(file('s.log', 'héllo'))).to.equal(6);
      expect(await fileSize(path.join(dir, 'nope'))).to.equal(0);
    });
  });

  describe('followFile', () => {
    function collect(target: string, offset: number): { text: () => string } {
      let received = '';
      followers.push(followFile(target, offset, (text) => (received += text)));
      return { text: () => received };
    }

    it('delivers bytes appended after the offset, and nothing before it', async () => {
      const log = file('f.log', 'old line\n');
      const got = collect(log, await fileSize(log));
      fs.appendFileSync(log, 'new 1\n');
      await waitFor(() => got.text() === 'new 1\n', 5000, 'first append');
      fs.appendFileSync(log, 'new 2\n');
      await waitFor(() => got.text() === 'new 1\nnew 2\n', 5000, 'second append');
    });

    it('delivers a write larger than one chunk completely', async () => {
      const log = file('g.log', '');
      const got = collect(log, 0);
      const big = 'z'.repeat(300_000) + '\n';
      fs.appendFileSync(log, big);
      await waitFor(() => got.text().length === big.length, 5000, 'the whole write');
      expect(got.text()).to.equal(big);
    });

    it('waits for a file that does not exist yet, even in a directory that does not exist yet', async () => {
      const log = path.join(dir, 'later', 'h.log');
      const got = collect(log, 0);
      fs.mkdirSync(path.dirname(log));
      fs.writeFileSync(log, 'born\n');
      await waitFor(() => got.text() === 'born\n', 5000, 'the file to appear');
      fs.appendFileSync(log, 'more\n');
      await waitFor(() => got.text() === 'born\nmore\n', 5000, 'an append after creation');
    });

    it('starts again at 0 when the file is truncated', async () => {
      const log = file('t.log', 'before truncation\n');
      const got = collect(log, await fileSize(log));
      fs.truncateSync(log, 0);
      fs.appendFileSync(log, 'after\n');
      await waitFor(() => got.text() === 'after\n', 5000, 'the text after truncation');
    });

    it('follows a file replaced by rotation', async () => {
      const log = file('r.log', 'one\n');
      const got = collect(log, await fileSize(log));
      fs.renameSync(log, `${log}.1`);
      fs.writeFileSync(log, 'fresh\n');
      await waitFor(() => got.text() === 'fresh\n', 5000, 'the rotated file');
    });

    it('stops delivering after close', async () => {
      const log = file('c.log', '');
      let received = '';
      const follower = followFile(log, 0, (text) => (received += text));
      fs.appendFileSync(log, 'a\n');
      await waitFor(() => received === 'a\n', 5000, 'first text');
      follower.close();
      fs.appendFileSync(log, 'b\n');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(received).to.equal('a\n');
    });
  });
});
