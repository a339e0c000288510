import { expect } from 'chai';
import type { TransitionEvent } from '../../../src/protocol/model.js';
import { Instance } from '../../../src/supervisor/instance.js';
import { systemClock, type ChildObserver, type SpawnRequest, type Spawner } from '../../../src/supervisor/ports.js';
import { IllegalTransitionError } from '../../../src/supervisor/transitions.js';
import type { UnitSpec } from '../../../src/units/types.js';
import { FakeClock, FakeSpawner } from './fakes.js';
import { makeSupervisedSpec } from '../../helpers/spec-factory.js';

function harness(overrides: Partial<UnitSpec> = {}) {
  const clock = new FakeClock();
  const spawner = new FakeSpawner();
  const events: TransitionEvent[] = [];
  const spec = makeSupervisedSpec({ startSeconds: 1, startRetries: 3, restartDelay: 0.1, stopTimeout: 2, ...overrides });
  const instance = new Instance(spec, 0, { logDir: '/var/log/taskmaster', spawner, clock, onTransition: (e) => events.push(e) });
  const path = () => events.map((e) => `${e.from}>${e.to}`);
  return { clock, spawner, events, instance, path };
}

describe('supervisor Instance (fake clock, fake spawner)', () => {
  it('emits a TransitionEvent for every state change, with time, pid and reason', () => {
    const { clock, spawner, events, instance } = harness();
    instance.start();
    spawner.last.observer.spawned();
    clock.advance(1000);
    expect(events.map((e) => [e.from, e.to])).to.deep.equal([['STOPPED', 'STARTING'], ['STARTING', 'RUNNING']]);
    expect(events[0]).to.deep.equal({
      type: 'transition',
      time: '2024-01-01T00:00:00.000Z',
      unit: 'web',
      instance: 0,
      from: 'STOPPED',
      to: 'STARTING',
      pid: 1000,
      reason: 'start requested',
    });
    expect(events[1]?.time).to.equal('2024-01-01T00:00:01.000Z');
  });

  it('passes the spec, instance index and log directory to the spawner', () => {
    const { spawner, instance } = harness();
    instance.start();
    expect(spawner.last.request).to.deep.include({ instance: 0, logDir: '/var/log/taskmaster' });
    expect(spawner.last.request.spec.name).to.equal('web');
  });

  it('retries a failing start after growing delays, then is FATAL after exactly start-retries retries', () => {
    const { clock, spawner, instance, path } = harness();
    instance.start();
    spawner.last.observer.spawned();
    spawner.last.observer.exited(3, null);
    for (const delay of [100, 200, 400]) {
      expect(instance.state).to.equal('BACKOFF');
      const spawnsBefore = spawner.children.length;
      clock.advance(delay - 1);
      expect(spawner.children.length, 'no retry before the delay').to.equal(spawnsBefore);
      clock.advance(1);
      expect(spawner.children.length).to.equal(spawnsBefore + 1);
      spawner.last.observer.spawned();
      spawner.last.observer.exited(3, null);
    }
    expect(instance.state).to.equal('FATAL');
    expect(instance.reason).to.equal('exit 3');
    expect(spawner.children).to.have.length(4);
    expect(path().filter((step) => step.endsWith('>STARTING'))).to.have.length(4);
    expect(clock.pending).to.equal(0);
  });

  it('a stop during BACKOFF cancels the retry: no spawn however long we wait', () => {
    const { clock, spawner, instance } = harness();
    instance.start();
    spawner.last.observer.failed('command not found: /x');
    expect(instance.state).to.equal('BACKOFF');
    instance.stop();
    expect(instance.state).to.equal('STOPPED');
    clock.advance(120_000);
    expect(spawner.children).to.have.length(1);
  });

  it('stops with stop-signal, SIGKILLs after stop-timeout, and is STOPPED only once reaped', () => {
    const { clock, spawner, instance } = harness({ stopSignal: 'SIGUSR1' });
    instance.start();
    spawner.last.observer.spawned();
    clock.advance(1000);
    instance.stop();
    expect(spawner.signals).to.deep.equal([{ pgid: 1000, signal: 'SIGUSR1' }]);
    clock.advance(1999);
    expect(spawner.signals).to.have.length(1);
    clock.advance(1);
    expect(spawner.signals.at(-1)).to.deep.equal({ pgid: 1000, signal: 'SIGKILL' });
    expect(instance.state).to.equal('STOPPING');
    spawner.last.observer.exited(null, 'SIGKILL');
    expect(instance.state).to.equal('STOPPED');
    expect(instance.pid).to.equal(null);
    expect(clock.pending).to.equal(0);
  });

  it('a child that exits promptly on stop cancels the kill timer', () => {
    const { clock, spawner, instance } = harness();
    instance.start();
    spawner.last.observer.spawned();
    instance.stop();
    spawner.last.observer.exited(null, 'SIGTERM');
    clock.advance(10_000);
    expect(spawner.signals.map((s) => s.signal)).to.deep.equal(['SIGTERM', 'SIGKILL']);
    expect(instance.state).to.equal('STOPPED');
    expect(instance.reason).to.equal('stopped (killed by SIGTERM)');
  });

  it('restarts a RUNNING instance by policy at once, counting it, with a new pid', () => {
    const { clock, spawner, instance, events } = harness({ restart: 'always' });
    instance.start();
    spawner.last.observer.spawned();
    clock.advance(1000);
    spawner.last.observer.exited(null, 'SIGKILL');
    expect(instance.state).to.equal('STARTING');
    expect(instance.restarts).to.equal(1);
    expect(instance.pid).to.equal(1001);
    expect(events.at(-1)).to.include({ from: 'RUNNING', to: 'STARTING', pid: 1001 });
    expect(instance.signal).to.equal('SIGKILL');
  });

  it('ignores late callbacks from an earlier child', () => {
    const { clock, spawner, instance } = harness({ restart: 'always' });
    instance.start();
    const first = spawner.last.observer;
    first.spawned();
    clock.advance(1000);
    first.exited(1, null);
    expect(instance.state).to.equal('STARTING');
    first.exited(1, null);
    first.spawned();
    expect(instance.state).to.equal('STARTING');
    expect(spawner.children).to.have.length(2);
  });

  it('a restart request waits for the reap, then spawns a fresh child', () => {
    const { clock, spawner, instance, path } = harness();
    instance.start();
    spawner.last.observer.spawned();
    clock.advance(1000);
    instance.restart();
    expect(spawner.children).to.have.length(1);
    spawner.last.observer.exited(null, 'SIGTERM');
    expect(spawner.children).to.have.length(2);
    expect(path()).to.deep.equal(['STOPPED>STARTING', 'STARTING>RUNNING', 'RUNNING>STOPPING', 'STOPPING>STARTING']);
    expect(instance.restarts).to.equal(0);
  });

  it('reports status with uptime from its clock and null CPU/RSS', () => {
    const { clock, spawner, instance } = harness();
    instance.start();
    spawner.last.observer.spawned();
    clock.advance(2500);
    expect(instance.status()).to.deep.equal({
      unit: 'web',
      instance: 0,
      state: 'RUNNING',
      pid: 1000,
      uptime_s: 2.5,
      restarts: 0,
      exit_code: null,
      signal: null,
      reason: null,
      command: 'sleep 1000',
      description: 'test unit web',
      cpu_percent: null,
      rss_bytes: null,
    });
  });

  it('resolves waitFor when its predicate becomes true', async () => {
    const { clock, spawner, instance } = harness();
    instance.start();
    let resolved = false;
    const running = instance.waitFor((i) => i.state === 'RUNNING').then(() => (resolved = true));
    spawner.last.observer.spawned();
    await Promise.resolve();
    expect(resolved).to.equal(false);
    clock.advance(1000);
    await running;
    expect(resolved).to.equal(true);
  });

  it('delivers events in order when a listener triggers another transition', () => {
    const clock = new FakeClock();
    const spawner = new FakeSpawner();
    const seen: string[] = [];
    const instance: Instance = new Instance(makeSupervisedSpec({ startSeconds: 0 }), 0, {
      logDir: '/tmp',
      spawner,
      clock,
      onTransition: (event) => {
        seen.push(`${event.from}>${event.to}`);
        if (event.to === 'RUNNING') instance.stop();
      },
    });
    instance.start();
    spawner.last.observer.spawned();
    expect(seen).to.deep.equal(['STOPPED>STARTING', 'STARTING>RUNNING', 'RUNNING>STOPPING']);
    expect(instance.state).to.equal('STOPPING');
  });

  it('throws a typed error naming the instance for an event the table rejects', () => {
    const { instance } = harness();
    expect(() => instance.send({ type: 'exited', code: 0, signal: null }))
      .to.throw(IllegalTransitionError, "web:0: event 'exited' is illegal in STOPPED");
  });

  it('never loops tightly: restart-delay 0 retries on timers, with a flat stack', async () => {
    const stackDepths: number[] = [];
    const alwaysFails: Spawner = {
      spawn(_request: SpawnRequest, observer: ChildObserver) {
        stackDepths.push(new Error().stack?.split('\n').length ?? 0);
        process.nextTick(() => observer.failed('command not found: /x'));
        return null;
      },
      signalGroup() {},
    };
    const instance = new Instance(makeSupervisedSpec({ restartDelay: 0, startRetries: 300 }), 0, {
      logDir: '/tmp',
      spawner: alwaysFails,
      clock: systemClock,
      onTransition: () => {},
    });
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = Infinity;
    try {
      instance.start();
      await instance.waitFor((i) => i.state === 'FATAL');
    } finally {
      Error.stackTraceLimit = limit;
    }
    expect(stackDepths).to.have.length(301);
    expect(Math.max(...stackDepths.slice(1))).to.equal(Math.min(...stackDepths.slice(1)));
    expect(instance.reason).to.equal('command not found: /x');
  });
});
