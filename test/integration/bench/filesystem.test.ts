import { expect } from 'chai';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatSettleReport, settleFilesystem } from '../../../bench/filesystem.js';

describe('bench: filesystem settle probe', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'tm-settle-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('probes once when it may not wait, keeps the probe files, and reports what it saw', () => {
    const said: string[] = [];
    const report = settleFilesystem(dir, 0, (message) => said.push(message));
    expect(report.waitedMs).to.be.lessThan(5_000);
    expect(said).to.deep.equal([]);
    // Deleting them would slow the very next file creations down: they stay until the run ends.
    expect(readdirSync(dir)).to.deep.equal(['settle-probe-1']);
    expect(readdirSync(join(dir, 'settle-probe-1'))).to.have.length(500);
    const line = formatSettleReport(report);
    expect(line).to.match(report.quiet ? /^quiet \(500 file creations in \d+ ms\)$/ : /^NOT quiet \(500 file creations in \d+ ms\): /);
  });

  it('says how long it waited and that figures are inflated when the disk stayed busy', () => {
    expect(formatSettleReport({ probeMs: 180, waitedMs: 420_000, quiet: false })).to.equal(
      'NOT quiet (500 file creations in 180 ms after waiting 420 s): figures of peers that create files are inflated',
    );
    expect(formatSettleReport({ probeMs: 12, waitedMs: 166_000, quiet: true })).to.equal('quiet (500 file creations in 12 ms after waiting 166 s)');
  });
});
