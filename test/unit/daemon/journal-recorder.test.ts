import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { State, TransitionEvent } from '../../../src/protocol/model.js';
import { CrashJournal } from '../../../src/daemon/crash-journal.js';
import { JournalRecorder } from '../../../src/daemon/journal-recorder.js';

/** This test process stands in for a child: its /proc start time is real. */
const LIVE_PID = process.pid;

function transition(to: State, pid: number | null): TransitionEvent {
  return { type: 'transition', time: new Date().toISOString(), unit: 'web', instance: 0, from: 'STOPPED', to, pid, reason: null };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('JournalRecorder', () => {
  let dir: string;
  let path: string;
  let journal: CrashJournal;
  let recorder: JournalRecorder;
  const lines = () => readFileSync(path, 'utf8').split('\n').filter(Boolean);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tm-journal-recorder-'));
    path = join(dir, 'instances.journal');
    journal = CrashJournal.open(path);
    recorder = new JournalRecorder(journal);
  });
  afterEach(() => {
    journal.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records a live child after the current burst, once however many live states it passes', async () => {
    recorder.observe(transition('STARTING', LIVE_PID));
    expect(lines()).to.deep.equal([]);
    recorder.observe(transition('RUNNING', LIVE_PID));
    await nextTurn();
    expect(lines()).to.have.length(1);
    expect(lines()[0]).to.match(new RegExp(`^\\+ web 0 ${LIVE_PID} \\d+$`));
    recorder.observe(transition('STOPPING', LIVE_PID));
    await nextTurn();
    expect(lines()).to.have.length(1);
  });

  it('writes nothing for a child that is gone before the burst ends', async () => {
    recorder.observe(transition('STARTING', LIVE_PID));
    recorder.observe(transition('EXITED', null));
    await nextTurn();
    expect(lines()).to.deep.equal([]);
  });

  it('forgets a recorded child once it is gone', async () => {
    recorder.observe(transition('RUNNING', LIVE_PID));
    await nextTurn();
    recorder.observe(transition('BACKOFF', null));
    expect(lines().at(-1)).to.equal('- web 0');
  });

  it('ignores records that arrive after the journal is closed', async () => {
    recorder.observe(transition('RUNNING', LIVE_PID));
    journal.close();
    await nextTurn();
    expect(lines()).to.deep.equal([]);
  });
});
