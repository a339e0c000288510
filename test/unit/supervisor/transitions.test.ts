import { expect } from 'chai';
import { STATES, type State } from '../../../src/protocol/model.js';
import {
  EVENT_TYPES,
  INITIAL_SNAPSHOT,
  START_LIMIT_BURST,
  START_LIMIT_INTERVAL_MS,
  IllegalTransitionError,
  TABLE,
  allowedStates,
  backoffMs,
  reduce,
  type Effect,
  type EventType,
  type InstanceEvent,
  type Policy,
  type Reduction,
  type Snapshot,
} from '../../../src/supervisor/transitions.js';
import { makeSupervisedSpec } from '../../helpers/spec-factory.js';

const policy: Policy = makeSupervisedSpec({ startSeconds: 1, startRetries: 3, restartDelay: 0.1, stopTimeout: 2, stopSignal: 'SIGINT' });

const SAMPLE_EVENTS: Record<EventType, InstanceEvent> = {
  start: { type: 'start' },
  stop: { type: 'stop' },
  restart: { type: 'restart' },
  spawned: { type: 'spawned' },
  spawnFailed: { type: 'spawnFailed', reason: 'command not found: /x' },
  exited: { type: 'exited', code: 3, signal: null },
  startTimerFired: { type: 'startTimerFired' },
  backoffTimerFired: { type: 'backoffTimerFired' },
  killTimerFired: { type: 'killTimerFired' },
};

const at = (state: State, extra: Partial<Snapshot> = {}): Snapshot => ({ ...INITIAL_SNAPSHOT, state, ...extra });

function applied(result: Reduction): { snapshot: Snapshot; effects: Effect[] } {
  if (result.kind !== 'transition') throw new Error(`expected a transition, got ${result.kind}`);
  return result;
}

/** Feeds events in order, failing on anything that is not a transition. */
function run(snapshot: Snapshot, events: InstanceEvent[], p: Policy = policy): { snapshot: Snapshot; effects: Effect[][] } {
  const effects: Effect[][] = [];
  for (const event of events) {
    const result = applied(reduce(snapshot, event, p));
    snapshot = result.snapshot;
    effects.push(result.effects);
  }
  return { snapshot, effects };
}

describe('supervisor transition table', () => {
  describe('every (state, event) pair', () => {
    // T = transition, I = explicit no-op, R = explicit rejection (the runner can never produce it).
    const EXPECTED: Record<State, Record<EventType, 'T' | 'I' | 'R'>> = {
      STOPPED: { start: 'T', stop: 'I', restart: 'T', spawned: 'R', spawnFailed: 'R', exited: 'R', startTimerFired: 'R', backoffTimerFired: 'R', killTimerFired: 'R' },
      STARTING: { start: 'I', stop: 'T', restart: 'T', spawned: 'I', spawnFailed: 'T', exited: 'T', startTimerFired: 'T', backoffTimerFired: 'R', killTimerFired: 'R' },
      RUNNING: { start: 'I', stop: 'T', restart: 'T', spawned: 'I', spawnFailed: 'R', exited: 'T', startTimerFired: 'R', backoffTimerFired: 'R', killTimerFired: 'R' },
      BACKOFF: { start: 'I', stop: 'T', restart: 'T', spawned: 'R', spawnFailed: 'R', exited: 'R', startTimerFired: 'R', backoffTimerFired: 'T', killTimerFired: 'R' },
      STOPPING: { start: 'T', stop: 'T', restart: 'T', spawned: 'I', spawnFailed: 'T', exited: 'T', startTimerFired: 'R', backoffTimerFired: 'R', killTimerFired: 'T' },
      EXITED: { start: 'T', stop: 'I', restart: 'T', spawned: 'R', spawnFailed: 'R', exited: 'R', startTimerFired: 'R', backoffTimerFired: 'R', killTimerFired: 'R' },
      FATAL: { start: 'T', stop: 'I', restart: 'T', spawned: 'R', spawnFailed: 'R', exited: 'R', startTimerFired: 'R', backoffTimerFired: 'R', killTimerFired: 'R' },
    };
    const KIND = { T: 'transition', I: 'ignored', R: 'rejected' } as const;

    it('has a row for every state and a cell for every event', () => {
      expect(Object.keys(TABLE).sort()).to.deep.equal([...STATES].sort());
      for (const state of STATES) expect(Object.keys(TABLE[state]).sort()).to.deep.equal([...EVENT_TYPES].sort());
    });

    for (const state of STATES) {
      for (const event of EVENT_TYPES) {
        it(`${state} + ${event} is ${KIND[EXPECTED[state][event]]}`, () => {
          const before = Object.freeze(at(state, { failedStarts: 1 }));
          const result = reduce(before, SAMPLE_EVENTS[event], policy);
          expect(result.kind).to.equal(KIND[EXPECTED[state][event]]);
          if (result.kind === 'rejected') {
            expect(result.allowedStates).to.not.include(state);
            expect(result.allowedStates).to.deep.equal(allowedStates(event));
          }
          if (result.kind === 'ignored') expect(result.message).to.be.a('string').and.not.equal('');
        });
      }
    }

    it('names the instance and the allowed states when a pair is illegal', () => {
      const result = reduce(at('STOPPED'), { type: 'exited', code: 0, signal: null }, policy);
      expect(result.kind).to.equal('rejected');
      const error = new IllegalTransitionError('web:2', 'STOPPED', 'exited', allowedStates('exited'));
      expect(error.message).to.equal("web:2: event 'exited' is illegal in STOPPED (allowed in: STARTING, RUNNING, STOPPING)");
    });
  });

  describe('starting', () => {
    it('start spawns and arms the start-seconds timer', () => {
      const { snapshot, effects } = applied(reduce(at('STOPPED'), { type: 'start' }, policy));
      expect(snapshot.state).to.equal('STARTING');
      expect(effects).to.deep.equal([{ type: 'spawn' }, { type: 'armTimer', kind: 'start', ms: 1000 }]);
    });

    it('stays STARTING on exec success, and is RUNNING once start-seconds pass', () => {
      const starting = applied(reduce(at('STOPPED'), { type: 'start' }, policy)).snapshot;
      expect(reduce(starting, { type: 'spawned' }, policy).kind).to.equal('ignored');
      expect(applied(reduce(starting, { type: 'startTimerFired' }, policy)).snapshot.state).to.equal('RUNNING');
    });

    it('with start-seconds = 0 is RUNNING as soon as exec succeeded, with no timer', () => {
      const instant = { ...policy, startSeconds: 0 };
      const { snapshot, effects } = run(at('STOPPED'), [{ type: 'start' }, { type: 'spawned' }], instant);
      expect(effects[0]).to.deep.equal([{ type: 'spawn' }]);
      expect(snapshot.state).to.equal('RUNNING');
    });

    it('reaching RUNNING resets the failed-start count', () => {
      const { snapshot } = run(at('STARTING', { failedStarts: 2 }), [{ type: 'startTimerFired' }]);
      expect(snapshot.failedStarts).to.equal(0);
    });

    it('does not mutate the snapshot it is given', () => {
      const before = Object.freeze(at('RUNNING'));
      reduce(before, { type: 'exited', code: 1, signal: null }, policy);
      expect(before.state).to.equal('RUNNING');
    });
  });

  describe('failed starts', () => {
    it('backs off restart-delay × 2^(k−1), then is FATAL after start-retries retries (4 attempts for 3)', () => {
      let snapshot = applied(reduce(at('STOPPED'), { type: 'start' }, policy)).snapshot;
      const delays: number[] = [];
      let attempts = 1;
      for (;;) {
        const failed = applied(reduce(snapshot, { type: 'exited', code: 3, signal: null }, policy));
        snapshot = failed.snapshot;
        if (snapshot.state === 'FATAL') break;
        expect(snapshot.state).to.equal('BACKOFF');
        const arm = failed.effects.find((effect) => effect.type === 'armTimer');
        delays.push(arm?.type === 'armTimer' ? arm.ms : -1);
        const retry = applied(reduce(snapshot, { type: 'backoffTimerFired' }, policy));
        expect(retry.effects).to.deep.include({ type: 'spawn' });
        snapshot = retry.snapshot;
        attempts++;
      }
      expect(delays).to.deep.equal([100, 200, 400]);
      expect(attempts).to.equal(4);
      expect(snapshot.reason).to.equal('exit 3');
      expect(snapshot.failedStarts).to.equal(4);
    });

    it('carries the spawn failure reason to FATAL', () => {
      const { snapshot } = run(at('STARTING', { failedStarts: 3 }), [{ type: 'spawnFailed', reason: 'command not found: /opt/x' }]);
      expect(snapshot).to.include({ state: 'FATAL', reason: 'command not found: /opt/x' });
    });

    it('describes a death by signal as "killed by SIGSEGV"', () => {
      const { snapshot } = run(at('STARTING'), [{ type: 'exited', code: null, signal: 'SIGSEGV' }]);
      expect(snapshot).to.include({ state: 'BACKOFF', reason: 'killed by SIGSEGV', signal: 'SIGSEGV' });
    });

    it('with start-retries = 0 the first failure is FATAL', () => {
      const { snapshot } = run(at('STARTING'), [{ type: 'exited', code: 1, signal: null }], { ...policy, startRetries: 0 });
      expect(snapshot.state).to.equal('FATAL');
    });

    it('caps the backoff at 60 s and allows a zero delay', () => {
      expect(backoffMs(1, 0.05)).to.equal(50);
      expect(backoffMs(3, 0.05)).to.equal(200);
      expect(backoffMs(20, 1)).to.equal(60_000);
      expect(backoffMs(5, 0)).to.equal(0);
    });

    it('kills what a failed start left in its process group', () => {
      const { effects } = run(at('STARTING'), [{ type: 'exited', code: 1, signal: null }]);
      expect(effects[0]).to.deep.include({ type: 'signalGroup', signal: 'SIGKILL' });
    });
  });

  describe('exit after RUNNING, by restart policy', () => {
    const cases: Array<[Policy['restart'], number | null, string | null, 'restart' | 'EXITED']> = [
      ['always', 0, null, 'restart'],
      ['always', 3, null, 'restart'],
      ['on-failure', 0, null, 'EXITED'],
      ['on-failure', 3, null, 'restart'],
      ['on-failure', null, 'SIGKILL', 'restart'],
      ['never', 0, null, 'EXITED'],
      ['never', 3, null, 'EXITED'],
      ['never', null, 'SIGKILL', 'EXITED'],
    ];
    for (const [restart, code, signal, expected] of cases) {
      it(`${restart}: ${signal ?? `exit ${code}`} → ${expected}`, () => {
        const { snapshot, effects } = run(at('RUNNING', { restarts: 5 }), [{ type: 'exited', code, signal }], { ...policy, restart });
        expect(snapshot.exitCode).to.equal(code);
        expect(snapshot.signal).to.equal(signal);
        if (expected === 'restart') {
          expect(snapshot.state).to.equal('STARTING');
          expect(snapshot.restarts).to.equal(6);
          expect(effects[0]).to.deep.include({ type: 'spawn' });
        } else {
          expect(snapshot.state).to.equal('EXITED');
          expect(snapshot.restarts).to.equal(5);
          expect(snapshot.reason).to.equal(signal === null ? `exit ${code}` : `killed by ${signal}`);
        }
      });
    }

    it('a process that keeps dying is restarted at most START_LIMIT_BURST times in the window, then FATAL', () => {
      let snapshot = at('RUNNING', { restarts: 0 });
      const exits = Array.from({ length: START_LIMIT_BURST }, (_, i) => 1000 + i * 100);
      for (const time of exits) {
        snapshot = run(snapshot, [{ type: 'exited', code: 1, signal: null, at: time }, { type: 'spawned' }], { ...policy, startSeconds: 0 }).snapshot;
        expect(snapshot.state).to.equal('RUNNING');
      }
      const last = run(snapshot, [{ type: 'exited', code: 1, signal: null, at: 1600 }], { ...policy, startSeconds: 0 }).snapshot;
      expect(last.state).to.equal('FATAL');
      expect(last.reason).to.match(/^exit 1; restarted 5 times within 10s \(start limit\)$/);
      expect(last.restarts).to.equal(START_LIMIT_BURST);
    });

    it('restarts outside the start-limit window do not count', () => {
      let snapshot = at('RUNNING');
      for (let i = 0; i < 3 * START_LIMIT_BURST; i++) {
        snapshot = run(snapshot, [{ type: 'exited', code: 1, signal: null, at: i * (START_LIMIT_INTERVAL_MS / 4) }, { type: 'spawned' }], { ...policy, startSeconds: 0 }).snapshot;
        expect(snapshot.state).to.equal('RUNNING');
      }
    });

    it('a manual start after the start limit begins a fresh window', () => {
      const fatal = at('FATAL', { restartTimes: [1, 2, 3, 4, 5] });
      expect(applied(reduce(fatal, { type: 'start' }, policy)).snapshot.restartTimes).to.deep.equal([]);
    });

    it('on-failure honours the listed exit codes', () => {
      const { snapshot } = run(at('RUNNING'), [{ type: 'exited', code: 2, signal: null }], { ...policy, exitCodes: [0, 2] });
      expect(snapshot.state).to.equal('EXITED');
    });
  });

  describe('stopping', () => {
    it('sends stop-signal to the group and arms the kill timer', () => {
      const { snapshot, effects } = applied(reduce(at('RUNNING'), { type: 'stop' }, policy));
      expect(snapshot).to.include({ state: 'STOPPING', stopSignalSent: true });
      expect(effects).to.deep.equal([
        { type: 'cancelTimer', kind: 'start' },
        { type: 'signalGroup', signal: 'SIGINT' },
        { type: 'armTimer', kind: 'kill', ms: 2000 },
      ]);
    });

    it('SIGKILLs the group when stop-timeout expires, and stays STOPPING until reaped', () => {
      const { snapshot, effects } = run(at('RUNNING'), [{ type: 'stop' }, { type: 'killTimerFired' }]);
      expect(snapshot.state).to.equal('STOPPING');
      expect(effects[1]).to.deep.equal([{ type: 'signalGroup', signal: 'SIGKILL' }]);
    });

    it('is STOPPED, never FATAL or restarted, once the child is reaped — whatever it exited with', () => {
      for (const exit of [{ code: 1, signal: null }, { code: null, signal: 'SIGTERM' }, { code: null, signal: 'SIGKILL' }]) {
        const { snapshot, effects } = run(at('RUNNING'), [{ type: 'stop' }, { type: 'exited', ...exit }], { ...policy, restart: 'always' });
        expect(snapshot.state).to.equal('STOPPED');
        expect(snapshot.restarts).to.equal(0);
        expect(effects[1]).to.deep.include({ type: 'cancelTimer', kind: 'kill' });
      }
    });

    it('a stop while STARTING is a stop too, not a failed start', () => {
      const { snapshot } = run(at('STOPPED'), [{ type: 'start' }, { type: 'stop' }, { type: 'exited', code: null, signal: 'SIGTERM' }]);
      expect(snapshot).to.include({ state: 'STOPPED', failedStarts: 0 });
    });

    it('a stop during BACKOFF cancels the retry and is STOPPED at once', () => {
      const { snapshot, effects } = run(at('BACKOFF', { failedStarts: 1 }), [{ type: 'stop' }]);
      expect(snapshot.state).to.equal('STOPPED');
      expect(effects[0]).to.deep.equal([{ type: 'cancelTimer', kind: 'backoff' }]);
    });

    it('a child whose exec failed while stopping is simply STOPPED', () => {
      const { snapshot } = run(at('STARTING'), [{ type: 'stop' }, { type: 'spawnFailed', reason: 'command not found: /x' }]);
      expect(snapshot.state).to.equal('STOPPED');
    });
  });

  describe('start and restart requests', () => {
    it('start from FATAL starts afresh: failed starts reset, restarts kept', () => {
      const { snapshot } = run(at('FATAL', { failedStarts: 4, restarts: 7, reason: 'exit 3' }), [{ type: 'start' }]);
      expect(snapshot).to.include({ state: 'STARTING', failedStarts: 0, restarts: 7 });
    });

    it('restart from RUNNING stops, then starts once the child is reaped', () => {
      const { snapshot, effects } = run(at('RUNNING'), [{ type: 'restart' }, { type: 'exited', code: null, signal: 'SIGTERM' }]);
      expect(snapshot.state).to.equal('STARTING');
      expect(effects[1]).to.deep.include({ type: 'spawn' });
      expect(snapshot.restarts).to.equal(0);
    });

    it('restart from STOPPED, EXITED or FATAL is just start', () => {
      for (const state of ['STOPPED', 'EXITED', 'FATAL'] as const) {
        const { snapshot, effects } = run(at(state), [{ type: 'restart' }]);
        expect(snapshot.state).to.equal('STARTING');
        expect(effects[0]).to.deep.include({ type: 'spawn' });
      }
    });

    it('restart during BACKOFF cancels the retry and starts afresh now', () => {
      const { snapshot, effects } = run(at('BACKOFF', { failedStarts: 2 }), [{ type: 'restart' }]);
      expect(snapshot).to.include({ state: 'STARTING', failedStarts: 0 });
      expect(effects[0]).to.deep.include({ type: 'cancelTimer', kind: 'backoff' });
    });

    it('a start during STOPPING is remembered; a later stop forgets it', () => {
      const stopping = run(at('RUNNING'), [{ type: 'stop' }, { type: 'start' }]).snapshot;
      expect(stopping.startAfterStop).to.equal(true);
      const forgotten = run(stopping, [{ type: 'stop' }, { type: 'exited', code: 0, signal: null }]).snapshot;
      expect(forgotten.state).to.equal('STOPPED');
    });
  });
});
