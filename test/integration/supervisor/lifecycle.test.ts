import { expect } from 'chai';
import path from 'node:path';
import { groupMembers, isAlive } from '../../../src/supervisor/procfs.js';
import { makeSupervisedSpec } from '../../helpers/spec-factory.js';
import { harnessPerTest, pause, readText, waitFor } from './harness.js';

describe('supervisor with real processes: lifecycle', function () {
  this.timeout(30_000);
  const h = harnessPerTest();

  it('a normal stop is STOPPED, never FATAL, and the process is gone', async () => {
    h.supervisor.add(makeSupervisedSpec({ name: 'sleeper', argv: ['sleep', '1000'], restart: 'always' }));
    const started = await h.supervisor.start('sleeper', 0, true);
    expect(started).to.include({ ok: true, state: 'RUNNING' });
    const pid = h.instance('sleeper').pid!;
    const stopped = await h.supervisor.stop('sleeper', 0, true);
    expect(stopped).to.include({ ok: true, state: 'STOPPED' });
    expect(isAlive(pid)).to.equal(false);
    expect(h.path('sleeper')).to.deep.equal(['STOPPED>STARTING', 'STARTING>RUNNING', 'RUNNING>STOPPING', 'STOPPING>STOPPED']);
    expect(h.instance('sleeper').restarts).to.equal(0);
  });

  it('regression: a command that dies right after exec with start-seconds 0 does not respawn in a tight loop', async () => {
    h.supervisor.add(makeSupervisedSpec({ name: 'crasher', argv: ['false'], startSeconds: 0, restart: 'always' }));
    await h.supervisor.start('crasher', 0, false);
    await waitFor(() => h.instance('crasher').state === 'FATAL', 8000, 'the start limit to stop it');
    expect(h.instance('crasher').reason).to.match(/start limit/);
    expect(h.instance('crasher').restarts).to.equal(5);
  });

  it('SIGKILLs a child that ignores SIGTERM after stop-timeout', async () => {
    const ready = path.join(h.dir, 'ready');
    h.supervisor.add(
      makeSupervisedSpec({
        name: 'stubborn',
        argv: ['sh', '-c', `trap '' TERM; echo ready > ${ready}; while :; do sleep 0.1; done`],
        stopTimeout: 0.5,
      }),
    );
    await h.supervisor.start('stubborn', 0, true);
    await waitFor(() => readText(ready) === 'ready\n', 8000, 'the TERM trap to be set');
    const pgid = h.instance('stubborn').pid!;
    const began = Date.now();
    const outcome = await h.supervisor.stop('stubborn', 0, true);
    expect(outcome).to.include({ ok: true, state: 'STOPPED' });
    expect(Date.now() - began).to.be.at.least(450);
    expect(h.instance('stubborn').signal).to.equal('SIGKILL');
    await waitFor(() => groupMembers(pgid).length === 0, 3000, 'the group to be empty');
  });

  it('stop reaches grandchildren: no live process of the group remains', async () => {
    h.supervisor.add(makeSupervisedSpec({ name: 'family', argv: ['sh', '-c', 'sleep 1000 & sleep 1000 & wait'] }));
    await h.supervisor.start('family', 0, true);
    const pgid = h.instance('family').pid!;
    await waitFor(() => groupMembers(pgid).length === 3, 8000, 'sh and its two sleeps');
    await h.supervisor.stop('family', 0, true);
    await waitFor(() => groupMembers(pgid).length === 0, 3000, 'the group to be empty');
  });

  it('kills leftovers that ignore the stop signal once the leader is reaped, without waiting for stop-timeout', async () => {
    const ready = path.join(h.dir, 'ready');
    h.supervisor.add(
      makeSupervisedSpec({
        name: 'orphaner',
        argv: ['sh', '-c', `(trap '' TERM; echo ready > ${ready}; while :; do sleep 0.1; done) & sleep 1000 & wait`],
        stopTimeout: 30,
      }),
    );
    await h.supervisor.start('orphaner', 0, true);
    await waitFor(() => readText(ready) === 'ready\n', 8000, 'the subshell trap');
    const pgid = h.instance('orphaner').pid!;
    const began = Date.now();
    await h.supervisor.stop('orphaner', 0, true);
    await waitFor(() => groupMembers(pgid).length === 0, 3000, 'the group to be empty');
    expect(Date.now() - began).to.be.below(10_000);
  });

  it('a missing command is FATAL with "command not found" after exactly start-retries retries', async () => {
    h.supervisor.add(makeSupervisedSpec({ name: 'ghost', argv: ['/nonexistent/ghost-cmd'], startRetries: 3, restartDelay: 0.05 }));
    const outcome = await h.supervisor.start('ghost', 0, true);
    expect(outcome).to.deep.equal({
      unit: 'ghost',
      instance: 0,
      ok: false,
      state: 'FATAL',
      message: 'FATAL: command not found: /nonexistent/ghost-cmd',
    });
    const steps = h.path('ghost');
    expect(steps.filter((s) => s.endsWith('>STARTING'))).to.have.length(4);
    expect(steps.filter((s) => s === 'STARTING>BACKOFF')).to.have.length(3);
    expect(steps.at(-1)).to.equal('STARTING>FATAL');
    expect(h.events.at(-1)?.reason).to.equal('command not found: /nonexistent/ghost-cmd');
  });

  it('a file without execute permission is FATAL with "permission denied"', async () => {
    const script = path.join(h.dir, 'not-executable.sh');
    (await import('node:fs')).writeFileSync(script, '#!/bin/sh\nexit 0\n', { mode: 0o644 });
    h.supervisor.add(makeSupervisedSpec({ name: 'noexec', argv: [script], startRetries: 0 }));
    const outcome = await h.supervisor.start('noexec', 0, true);
    expect(outcome.message).to.equal(`FATAL: permission denied: ${script}`);
  });

  describe('exit after RUNNING under each restart policy (exit-codes = [0])', () => {
    const cases = [
      ['always', 0, 'restart'],
      ['always', 3, 'restart'],
      ['on-failure', 0, 'EXITED'],
      ['on-failure', 3, 'restart'],
      ['never', 0, 'EXITED'],
      ['never', 3, 'EXITED'],
    ] as const;
    for (const [restart, code, expected] of cases) {
      it(`${restart}, exit ${code} → ${expected}`, async () => {
        const name = `policy-${restart}-${code}`;
        h.supervisor.add(makeSupervisedSpec({ name, argv: ['sh', '-c', `sleep 0.5; exit ${code}`], restart, startSeconds: 0.1 }));
        await h.supervisor.start(name, 0, true);
        if (expected === 'restart') {
          await waitFor(() => h.path(name).includes('RUNNING>STARTING'), 8000, 'a restart');
          expect(h.instance(name).restarts).to.be.at.least(1);
          expect(h.instance(name).exitCode).to.equal(code);
        } else {
          await h.waitForState(name, 'EXITED');
          expect(h.instance(name).status()).to.include({ exit_code: code, reason: `exit ${code}`, restarts: 0 });
        }
      });
    }
  });

  it('kill -9 of a RUNNING instance is respawned at once and counted in restarts', async () => {
    h.supervisor.add(makeSupervisedSpec({ name: 'victim', argv: ['sleep', '1000'], restart: 'on-failure' }));
    await h.supervisor.start('victim', 0, true);
    const first = h.instance('victim').pid!;
    process.kill(first, 'SIGKILL');
    await waitFor(() => h.path('victim').includes('RUNNING>STARTING'), 8000, 'the respawn');
    const respawn = h.events.find((e) => e.unit === 'victim' && e.from === 'RUNNING' && e.to === 'STARTING')!;
    expect(respawn.pid, 'spawned in the same tick as the exit was observed').to.be.a('number').and.not.equal(first);
    await h.waitForState('victim', 'RUNNING');
    expect(h.instance('victim').restarts).to.equal(1);
    expect(h.instance('victim').status()).to.include({ signal: 'SIGKILL', restarts: 1 });
  });

  it('a crash loop after RUNNING goes through STARTING again and falls into BACKOFF/FATAL rather than spinning', async () => {
    const script = 'if [ -e ran-once ]; then exit 7; fi; touch ran-once; sleep 0.4; exit 7';
    h.supervisor.add(
      makeSupervisedSpec({ name: 'crasher', argv: ['sh', '-c', script], workingDirectory: h.dir, restart: 'always', startSeconds: 0.1, startRetries: 2, restartDelay: 0.05 }),
    );
    await h.supervisor.start('crasher', 0, false);
    await h.waitForState('crasher', 'FATAL');
    expect(h.path('crasher')).to.deep.equal([
      'STOPPED>STARTING', 'STARTING>RUNNING', 'RUNNING>STARTING',
      'STARTING>BACKOFF', 'BACKOFF>STARTING', 'STARTING>BACKOFF', 'BACKOFF>STARTING', 'STARTING>FATAL',
    ]);
    expect(h.instance('crasher').status()).to.include({ reason: 'exit 7', restarts: 1 });
  });

  it('a stop during BACKOFF cancels the retry', async () => {
    h.supervisor.add(makeSupervisedSpec({ name: 'flaky', argv: ['sh', '-c', 'exit 1'], startSeconds: 5, restartDelay: 0.4 }));
    await h.supervisor.start('flaky', 0, false);
    await h.waitForState('flaky', 'BACKOFF');
    const outcome = await h.supervisor.stop('flaky', 0, true);
    expect(outcome).to.include({ ok: true, state: 'STOPPED' });
    const eventsAtStop = h.events.length;
    await pause(1000);
    expect(h.events.length, 'no retry after the stop').to.equal(eventsAtStop);
    expect(h.instance('flaky').state).to.equal('STOPPED');
  });

  it('stopAll stops every instance in parallel, each with its own signal and timeout, and reaps them all', async () => {
    h.supervisor.add(makeSupervisedSpec({ name: 'a', argv: ['sleep', '1000'], instances: 3, autostart: true }));
    h.supervisor.add(makeSupervisedSpec({ name: 'b', argv: ['sh', '-c', 'sleep 1000 & wait'], instances: 2, autostart: true, stopSignal: 'SIGINT' }));
    h.supervisor.add(makeSupervisedSpec({ name: 'c', argv: ['sh', '-c', "trap '' TERM; while :; do sleep 0.1; done"], autostart: true, stopTimeout: 0.5 }));
    await waitFor(() => h.supervisor.instances().every((i) => i.state === 'RUNNING'), 8000, 'all RUNNING');
    const groups = h.supervisor.instances().map((i) => i.pid!);
    const began = Date.now();
    await h.supervisor.stopAll();
    expect(Date.now() - began, 'in parallel, not one stop-timeout after another').to.be.below(5000);
    expect(h.supervisor.status().map((s) => s.state)).to.deep.equal(Array(6).fill('STOPPED'));
    await waitFor(() => groups.every((pgid) => groupMembers(pgid).length === 0), 3000, 'every group empty');
  });
});
