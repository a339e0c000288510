import { expect } from 'chai';
import { LogFollower } from '../../../tui/log-follower.js';
import type { DaemonSession } from '../../../tui/session.js';

/** Records requests and lets the test answer them in any order, like a slow daemon. */
class FakeSession {
  isConnected = true;
  private nextId = 1;
  readonly sent: Array<{ id: number; method: string; params: any; answer: (result: unknown) => void }> = [];

  nextRequestId(): number {
    return this.nextId;
  }

  request(method: string, params: unknown): Promise<any> {
    const id = this.nextId++;
    return new Promise((resolve) => this.sent.push({ id, method, params, answer: resolve }));
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('tui log follower', () => {
  it('unfollows the old instance when the source changes and ignores its late answer and data', async () => {
    const session = new FakeSession();
    const follower = new LogFollower(session as unknown as DaemonSession, () => {});
    follower.show({ kind: 'instance', unit: 'web', instance: 0, stream: 'stdout' });
    follower.show({ kind: 'instance', unit: 'api', instance: 0, stream: 'stdout' });
    expect(session.sent.map((r) => r.method)).to.deep.equal(['logs', 'unfollow', 'logs']);
    expect(session.sent[1].params).to.deep.equal({ follow_id: session.sent[0].id });

    session.sent[0].answer({ text: 'web backlog\n', path: null });
    follower.receive({ follow_id: session.sent[0].id, text: 'web live\n' });
    session.sent[2].answer({ text: 'api backlog\n', path: null });
    await settle();
    follower.receive({ follow_id: session.sent[2].id, text: 'api live\n' });
    expect(follower.buffer.window(80, 10)).to.deep.equal(['api backlog', 'api live']);
  });

  it('puts data that arrived before the backlog answer after the backlog', async () => {
    const session = new FakeSession();
    const follower = new LogFollower(session as unknown as DaemonSession, () => {});
    follower.show({ kind: 'events' });
    follower.receive({ follow_id: session.sent[0].id, text: 'newer\n' });
    session.sent[0].answer({ text: 'older\n', path: null });
    await settle();
    expect(follower.buffer.window(80, 10)).to.deep.equal(['older', 'newer']);
    expect(session.sent[0].params).to.not.have.property('unit');
  });
});
