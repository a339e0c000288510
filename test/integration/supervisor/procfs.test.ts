import { expect } from 'chai';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { groupMembers, isAlive, killGroup, readStartTime, sampleGroups } from '../../../src/supervisor/procfs.js';
import { waitFor } from './harness.js';

function childrenOf(pid: number): number[] {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const stat = fs.readFileSync(`/proc/${name}/stat`, 'latin1');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('supervisor /proc helpers', function () {
  this.timeout(20_000);
  const groups: number[] = [];
  afterEach(() => {
    for (const pgid of groups.splice(0)) killGroup(pgid, 'SIGKILL');
  });

  function startGroup(script: string): number {
    const child = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
    groups.push(child.pid!);
    return child.pid!;
  }

  it('reads the start time of a live process and null for a missing one', () => {
    expect(readStartTime(process.pid)).to.match(/^\d+$/);
    expect(readStartTime(process.pid)).to.equal(readStartTime(process.pid));
    expect(readStartTime(2 ** 22 + 12345)).to.equal(null);
  });

  it('lists live group members, counts a zombie as gone, and kills the group', async () => {
    // `sleep 0` becomes a zombie child of the exec'd `sleep 1000`, which never waits for it.
    const leader = startGroup('sleep 0 & exec sleep 1000');
    let zombie = 0;
    await waitFor(() => {
      zombie = childrenOf(leader)[0] ?? 0;
      return zombie !== 0 && !isAlive(zombie);
    }, 5000, 'the zombie');
    expect(fs.existsSync(`/proc/${zombie}`)).to.equal(true);
    expect(isAlive(leader)).to.equal(true);
    expect(groupMembers(leader)).to.deep.equal([leader]);
    killGroup(leader, 'SIGKILL');
    await waitFor(() => groupMembers(leader).length === 0, 5000, 'the group to die');
    killGroup(leader, 'SIGKILL');
  });

  it('samples CPU ticks and RSS of several groups in one scan', async () => {
    const busy = startGroup('while :; do :; done');
    const idle = startGroup('sleep 1000 & sleep 1000 & wait');
    await waitFor(() => groupMembers(idle).length === 3, 5000, 'idle group');
    await waitFor(() => (sampleGroups([busy]).get(busy)?.cpuTicks ?? 0) > 0, 8000, 'CPU ticks to accrue');
    const samples = sampleGroups([busy, idle, 999_999_999]);
    expect(samples.get(idle)!.rssBytes).to.be.above(3 * 4096);
    expect(samples.get(idle)!.rssBytes % 4096).to.equal(0);
    expect(samples.get(999_999_999)).to.deep.equal({ cpuTicks: 0, rssBytes: 0 });
  });
});
