import { expect } from 'chai';
import { createConnection, type Socket } from 'node:net';
import { DaemonHarness } from '../../helpers/daemon-harness.js';
import { waitFor } from '../../helpers/proc.js';

function rawConnect(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sends raw lines and collects parsed replies until `count` arrived. */
async function exchange(path: string, payload: string, count: number): Promise<any[]> {
  const socket = await rawConnect(path);
  const replies: any[] = [];
  let buffer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    let i: number;
    while ((i = buffer.indexOf('\n')) !== -1) {
      replies.push(JSON.parse(buffer.slice(0, i)));
      buffer = buffer.slice(i + 1);
    }
  });
  socket.write(payload);
  await waitFor(() => replies.length >= count, `${count} replies`);
  socket.destroy();
  return replies;
}

describe('daemon: bad socket input', function () {
  this.timeout(30000);
  let daemon: DaemonHarness;
  let pidBefore: number | null;

  before(async () => {
    daemon = new DaemonHarness();
    daemon.writeUnit('steady', 'command = ["sleep", "100031"]\nstart-seconds = 0.2\n');
    await daemon.start();
    pidBefore = (await daemon.waitForState('steady', 'RUNNING')).pid;
  });
  after(async () => daemon.cleanup());

  afterEach(async () => {
    const s = await daemon.instance('steady');
    expect(s?.pid, 'no pid changed').to.equal(pidBefore);
  });

  it('answers garbage with a parse error and keeps the connection usable', async () => {
    const replies = await exchange(daemon.socket, 'this is not json\n{"jsonrpc":"2.0","id":7,"method":"status"}\n', 2);
    expect(replies[0].error.code).to.equal(-32700);
    expect(replies[0].id).to.equal(null);
    expect(replies[1].id).to.equal(7);
    expect(replies[1].result.instances).to.have.length(1);
  });

  it('answers invalid requests, unknown methods, bad params and batches with numbered errors', async () => {
    const replies = await exchange(
      daemon.socket,
      [
        '{"jsonrpc":"1.0","id":1,"method":"status"}',
        '{"jsonrpc":"2.0","id":2,"method":"explode"}',
        '{"jsonrpc":"2.0","id":3,"method":"start","params":{"targets":"web"}}',
        '[{"jsonrpc":"2.0","id":4,"method":"status"}]',
        '{"jsonrpc":"2.0","id":5,"method":"stop","params":{"targets":["nope"]}}',
        '{"jsonrpc":"2.0","id":6,"method":"hello","params":{"protocol":99}}',
      ].join('\n') + '\n',
      6,
    );
    const byId = new Map(replies.map((r) => [r.id, r]));
    expect(byId.get(1).error.code).to.equal(-32600);
    expect(byId.get(2).error.code).to.equal(-32601);
    expect(byId.get(3).error.code).to.equal(-32602);
    expect(byId.get(3).error.message).to.match(/targets/);
    // zod's own words, in English: the mini build speaks only once its locale is configured.
    expect(byId.get(3).error.message).to.match(/expected array, received string/);
    expect(replies.find((r) => r.id === null).error.message).to.match(/batch/);
    expect(byId.get(5).error.code).to.equal(1001);
    expect(byId.get(6).error.code).to.equal(1002);
  });

  it('drops a client that sends 5 MB without a newline, and only that client', async () => {
    const hog = await rawConnect(daemon.socket);
    const closed = new Promise((resolve) => hog.once('close', resolve));
    hog.on('error', () => {});
    hog.write('x'.repeat(5 * 1024 * 1024));
    await closed;
    expect((await daemon.request('status', {})).instances).to.have.length(1);
  });

  it('survives 200 connections opened and dropped at once, and a close mid-message', async () => {
    const sockets = await Promise.all(Array.from({ length: 200 }, () => rawConnect(daemon.socket)));
    sockets.forEach((s, i) => {
      s.on('error', () => {});
      if (i % 2) s.write('{"jsonrpc":"2.0","id":1,"meth');
      s.destroy();
    });
    const half = await rawConnect(daemon.socket);
    half.write('{"jsonrpc":"2.0","id":1,"method":"status","par');
    half.end();
    expect((await daemon.request('status', {})).instances[0].state).to.equal('RUNNING');
  });
});
