import { expect } from 'chai';
import { makeSupervisedSpec } from '../../helpers/spec-factory.js';
import { harnessPerTest, waitFor } from './harness.js';

describe('Supervisor API with real processes', function () {
  this.timeout(30_000);
  const h = harnessPerTest();

  it('add creates STOPPED instances, and starts them when autostart', async () => {
    h.supervisor.add(makeSupervisedSpec({ name: 'idle', instances: 2 }));
    h.supervisor.add(makeSupervisedSpec({ name: 'eager', instances: 2, autostart: true }));
    expect(h.supervisor.instanceCount('idle')).to.equal(2);
    expect(h.supervisor.status().map((s) => `${s.unit}:${s.instance}:${s.state}`)).to.deep.equal([
      'eager:0:STARTING', 'eager:1:STARTING', 'idle:0:STOPPED', 'idle:1:STOPPED',
    ]);
    await h.waitForState('eager', 'RUNNING', 1);
    expect(() => h.supervisor.add(makeSupervisedSpec({ name: 'idle' }))).to.throw(/already supervised/);
  });

  it('start: already running, unknown unit, unknown instance', async () => {
    h.supervisor.add(makeSupervisedSpec({ name: 'svc' }));
    await h.supervisor.start('svc', 0, true);
    expect(await h.supervisor.start('svc', 0, true)).to.include({ ok: true, message: 'already running' });
    expect(await h.supervisor.start('nope', 0, true)).to.include({ ok: false, message: 'no such unit: nope' });
    expect(await h.supervisor.start('svc', 5, true)).to.include({ ok: false, message: 'no such instance: svc:5 (unit has 1)' });
    expect(await h.supervisor.stop('svc', 0, false)).to.include({ ok: true, message: 'stopping', state: 'STOPPING' });
    expect(await h.supervisor.stop('svc', 0, true)).to.include({ ok: true, state: 'STOPPED' });
    expect(await h.supervisor.stop('svc', 0, true)).to.include({ ok: true, message: 'already stopped' });
  });

  it('restart gives a new pid and waits for RUNNING', async () => {
    h.supervisor.add(makeSupervisedSpec({ name: 'svc' }));
    await h.supervisor.start('svc', 0, true);
    const before = h.instance('svc').pid;
    const outcome = await h.supervisor.restart('svc', 0, true);
    expect(outcome).to.include({ ok: true, state: 'RUNNING' });
    expect(h.instance('svc').pid).to.not.equal(before);
  });

  it('scale up and down keeps the untouched instances and their pids', async () => {
    h.supervisor.add(makeSupervisedSpec({ name: 'pool', instances: 2, autostart: true }));
    await waitFor(() => h.supervisor.instances().every((i) => i.state === 'RUNNING'), 8000, 'pool RUNNING');
    const pids = h.supervisor.instances().map((i) => i.pid);
    await h.supervisor.scale(makeSupervisedSpec({ name: 'pool', instances: 4, autostart: true }));
    expect(h.supervisor.instanceCount('pool')).to.equal(4);
    await h.waitForState('pool', 'RUNNING', 3);
    const highest = h.instance('pool', 3).pid!;
    await h.supervisor.scale(makeSupervisedSpec({ name: 'pool', instances: 1, autostart: true }));
    expect(h.supervisor.instanceCount('pool')).to.equal(1);
    expect(h.instance('pool', 0).pid).to.equal(pids[0]);
    expect(h.instance('pool', 0).state).to.equal('RUNNING');
    expect(h.path('pool', 3).at(-1)).to.equal('STOPPING>STOPPED');
    expect(() => process.kill(highest, 0)).to.throw();
  });

  it('replace stops the old processes, commits the new spec and starts them again if they were active', async () => {
    h.supervisor.add(makeSupervisedSpec({ name: 'app', instances: 2, autostart: true, argv: ['sleep', '1000'] }));
    await waitFor(() => h.supervisor.instances().every((i) => i.state === 'RUNNING'), 8000, 'app RUNNING');
    const oldPids = h.supervisor.instances().map((i) => i.pid);
    await h.supervisor.replace(makeSupervisedSpec({ name: 'app', instances: 3, autostart: false, argv: ['sleep', '999'] }));
    expect(h.supervisor.spec('app')?.argv).to.deep.equal(['sleep', '999']);
    expect(h.supervisor.instanceCount('app')).to.equal(3);
    expect(h.supervisor.instances().map((i) => i.state)).to.deep.equal(['STARTING', 'STARTING', 'STARTING']);
    expect(h.path('app', 0)).to.include('STOPPING>STOPPED');
    await waitFor(() => h.supervisor.instances().every((i) => i.state === 'RUNNING'), 8000, 'new app RUNNING');
    for (const pid of oldPids) expect(() => process.kill(pid!, 0)).to.throw();
    expect(h.supervisor.status()[0]?.command).to.equal('sleep 999');
  });

  it('replace leaves an inactive, non-autostart unit stopped', async () => {
    h.supervisor.add(makeSupervisedSpec({ name: 'cold' }));
    await h.supervisor.replace(makeSupervisedSpec({ name: 'cold', argv: ['sleep', '5'] }));
    expect(h.instance('cold').state).to.equal('STOPPED');
  });

  it('update commits description without touching the process', async () => {
    h.supervisor.add(makeSupervisedSpec({ name: 'desc', autostart: true }));
    await h.waitForState('desc', 'RUNNING');
    const pid = h.instance('desc').pid;
    h.supervisor.update(makeSupervisedSpec({ name: 'desc', autostart: true, description: 'new words' }));
    expect(h.supervisor.spec('desc')?.description).to.equal('new words');
    expect(h.supervisor.status()[0]).to.include({ description: 'new words', pid, state: 'RUNNING' });
  });

  it('remove stops every instance and forgets the unit', async () => {
    h.supervisor.add(makeSupervisedSpec({ name: 'gone', instances: 2, autostart: true }));
    await waitFor(() => h.supervisor.instances().every((i) => i.state === 'RUNNING'), 8000, 'RUNNING');
    const pids = h.supervisor.instances().map((i) => i.pid!);
    await h.supervisor.remove('gone');
    expect(h.supervisor.has('gone')).to.equal(false);
    expect(h.supervisor.status()).to.deep.equal([]);
    for (const pid of pids) expect(() => process.kill(pid, 0)).to.throw();
  });

  it('a start issued during a replace lands after it, on the new spec', async () => {
    h.supervisor.add(makeSupervisedSpec({ name: 'racy', autostart: true, argv: ['sleep', '1000'] }));
    await h.waitForState('racy', 'RUNNING');
    const replacing = h.supervisor.replace(makeSupervisedSpec({ name: 'racy', argv: ['sleep', '998'] }));
    const starting = h.supervisor.start('racy', 0, true);
    await replacing;
    const outcome = await starting;
    expect(outcome.ok).to.equal(true);
    expect(h.instance('racy').status().command).to.equal('sleep 998');
    expect(h.supervisor.instances()).to.have.length(1);
  });

  it('specs() and status() are sorted by unit then instance', () => {
    for (const name of ['zeta', 'alpha', 'mid']) h.supervisor.add(makeSupervisedSpec({ name, instances: 2 }));
    expect(h.supervisor.specs().map((s) => s.name)).to.deep.equal(['alpha', 'mid', 'zeta']);
    expect(h.supervisor.status().map((s) => `${s.unit}${s.instance}`)).to.deep.equal(['alpha0', 'alpha1', 'mid0', 'mid1', 'zeta0', 'zeta1']);
  });
});
