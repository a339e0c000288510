import { expect } from 'chai';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DaemonHarness } from '../../helpers/daemon-harness.js';
import { pidsWithArg, waitFor } from '../../helpers/proc.js';

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const sleeper = (marker: string, extra = ''): string =>
  `command = ["sleep", "${marker}"]\nstart-seconds = 0.2\nstop-timeout = 3\n${extra}`;

async function pidMap(daemon: DaemonHarness): Promise<Map<string, number | null>> {
  return new Map((await daemon.status()).map((s) => [`${s.unit}:${s.instance}`, s.pid]));
}

describe('daemon: watch and reconcile', function () {
  this.timeout(30000);
  let daemon: DaemonHarness;

  beforeEach(async () => {
    daemon = new DaemonHarness();
    daemon.writeUnit('alpha', sleeper('100001'));
    daemon.writeUnit('beta', sleeper('100002'));
    await daemon.start();
    await daemon.waitForState('alpha', 'RUNNING');
    await daemon.waitForState('beta', 'RUNNING');
  });

  afterEach(async () => daemon.cleanup());

  it('starts a new unit file within 2 s with no command', async () => {
    daemon.writeUnit('gamma', sleeper('100003'));
    await daemon.waitForState('gamma', 'STARTING', 0, 2000).catch(() => daemon.waitForState('gamma', 'RUNNING', 0, 2000));
    expect(pidsWithArg('100003')).to.have.length(1);
  });

  it('restarts only the unit whose command changed', async () => {
    const before = await pidMap(daemon);
    daemon.writeUnit('alpha', sleeper('100011'));
    const after = await waitFor(async () => {
      const s = await daemon.instance('alpha');
      return s?.state === 'RUNNING' && s.pid !== before.get('alpha:0') ? s : undefined;
    }, 'alpha to restart');
    expect(after.command).to.contain('100011');
    expect((await pidMap(daemon)).get('beta:0')).to.equal(before.get('beta:0'));
    await waitFor(() => pidsWithArg('100001').length === 0, 'the old alpha to be gone');
  });

  it("an editor's atomic save (temp file + rename) is one change: one plan, one restart", async () => {
    const before = await pidMap(daemon);
    const temp = join(daemon.unitsDir, '.alpha.toml.swp');
    writeFileSync(temp, sleeper('100012'));
    renameSync(temp, join(daemon.unitsDir, 'alpha.toml'));
    await waitFor(async () => (await daemon.instance('alpha'))?.command.includes('100012') && (await daemon.instance('alpha'))?.state === 'RUNNING', 'alpha to restart');
    await pause(500); // past the debounce: a second burst would have been applied by now
    expect(daemon.eventLog().match(/: restart alpha$/gm)).to.have.length(1);
    expect(daemon.eventLog().match(/alpha:0 STOPPED -> STARTING/g)).to.have.length(2);
    expect((await pidMap(daemon)).get('beta:0')).to.equal(before.get('beta:0'));
  });

  it('restarts nothing when only the description changed', async () => {
    const before = await pidMap(daemon);
    daemon.writeUnit('alpha', sleeper('100001', 'description = "now described"'));
    await waitFor(async () => (await daemon.instance('alpha'))?.description === 'now described', 'the description to land');
    expect(await pidMap(daemon)).to.deep.equal(before);
  });

  it('scales instances 2 -> 3 -> 1, touching only the difference', async () => {
    daemon.writeUnit('beta', sleeper('100002', 'instances = 2'));
    await daemon.waitForState('beta', 'RUNNING', 1);
    const two = await pidMap(daemon);
    daemon.writeUnit('beta', sleeper('100002', 'instances = 3'));
    await daemon.waitForState('beta', 'RUNNING', 2);
    const three = await pidMap(daemon);
    expect(three.get('beta:0')).to.equal(two.get('beta:0'));
    expect(three.get('beta:1')).to.equal(two.get('beta:1'));
    daemon.writeUnit('beta', sleeper('100002', 'instances = 1'));
    await waitFor(async () => (await daemon.status()).filter((s) => s.unit === 'beta').length === 1, 'beta to scale to 1');
    expect((await pidMap(daemon)).get('beta:0')).to.equal(two.get('beta:0'));
    await waitFor(() => pidsWithArg('100002').length === 1, 'the two extra instances to be gone');
    expect((await pidMap(daemon)).get('alpha:0')).to.equal(two.get('alpha:0'));
  });

  it('stops and forgets a unit whose file was deleted', async () => {
    daemon.removeUnit('beta');
    await waitFor(async () => !(await daemon.status()).some((s) => s.unit === 'beta'), 'beta to disappear');
    await waitFor(() => pidsWithArg('100002').length === 0, 'beta to be stopped');
    expect(pidsWithArg('100001')).to.have.length(1);
  });

  it('keeps the running version of a unit whose new file is invalid, and reports why', async () => {
    const before = await pidMap(daemon);
    daemon.writeUnit('alpha', 'command = ["sleep", "100001"]\ninstances = "two"\n');
    const invalid = await waitFor(async () => (await daemon.request('status', {})).invalid.find((i) => i.unit === 'alpha'), 'alpha to be reported invalid');
    expect(invalid.kept).to.equal(true);
    expect(invalid.diagnostics[0]).to.include({ line: 2, key: 'instances' });
    expect(await pidMap(daemon)).to.deep.equal(before);
    await waitFor(() => /invalid unit alpha: .*alpha\.toml:2:\d+: instances/.test(daemon.eventLog()), 'the diagnostic in the event log');
  });

  it('reports an invalid new file without starting anything for it', async () => {
    daemon.writeUnit('broken', 'command = 42\n');
    const invalid = await waitFor(async () => (await daemon.request('status', {})).invalid.find((i) => i.unit === 'broken'), 'broken to be reported');
    expect(invalid.kept).to.equal(false);
    expect((await daemon.status()).some((s) => s.unit === 'broken')).to.equal(false);
  });

  it('answers reload with an error, and changes nothing, when the units directory is gone', async () => {
    const { renameSync } = await import('node:fs');
    const before = await pidMap(daemon);
    renameSync(daemon.unitsDir, `${daemon.unitsDir}.moved`);
    const error = await daemon.request('reload', { dry_run: false }).catch((e: Error & { code?: number }) => e);
    expect(error).to.be.instanceOf(Error);
    expect((error as { code?: number }).code).to.equal(1005);
    expect((error as Error).message).to.match(/units directory unusable.*nothing changed/);
    expect(await pidMap(daemon)).to.deep.equal(before);
    renameSync(`${daemon.unitsDir}.moved`, daemon.unitsDir);
  });

  it('refuses to start a unit whose only file is invalid, naming the diagnostic', async () => {
    daemon.writeUnit('broken', 'command = 42\n');
    await waitFor(async () => (await daemon.request('status', {})).invalid.some((i) => i.unit === 'broken'), 'broken to be reported');
    const error = await daemon.request('start', { targets: ['broken'] }).catch((e: Error) => e);
    expect((error as { code?: number }).code).to.equal(1006);
    expect((error as Error).message).to.match(/unit broken is invalid and not loaded: .*broken\.toml:1:\d+: command/);
  });

  it('applies a reload on SIGHUP', async () => {
    daemon.writeUnit('delta', sleeper('100004'));
    daemon.process!.kill('SIGHUP');
    await daemon.waitForState('delta', 'RUNNING');
    await waitFor(() => /(SIGHUP|watch): add delta/.test(daemon.eventLog()), 'the plan in the event log');
  });

  it('prints the plan of reload, and applies nothing on a dry run', async () => {
    const dry = await daemon.request('reload', { dry_run: true });
    expect(dry.applied).to.equal(false);
    expect(dry.plan.unchanged).to.include.members(['alpha', 'beta']);
    const applied = await daemon.request('reload', { dry_run: false });
    expect(applied.applied).to.equal(true);
    expect(applied.plan.add).to.deep.equal([]);
  });

  it('survives the units directory being removed and created again', async () => {
    const { rmSync, mkdirSync } = await import('node:fs');
    const before = await pidMap(daemon);
    rmSync(daemon.unitsDir, { recursive: true });
    await waitFor(() => /units directory unusable/.test(daemon.eventLog()), 'the daemon to notice', 4000).catch(() => undefined);
    expect(await pidMap(daemon)).to.deep.equal(before);
    mkdirSync(daemon.unitsDir);
    daemon.writeUnit('alpha', sleeper('100001'));
    daemon.writeUnit('beta', sleeper('100002'));
    daemon.writeUnit('epsilon', sleeper('100005'));
    await daemon.waitForState('epsilon', 'RUNNING');
    expect((await pidMap(daemon)).get('alpha:0')).to.equal(before.get('alpha:0'));
  });
});
