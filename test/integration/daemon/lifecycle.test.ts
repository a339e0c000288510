import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { DaemonHarness } from '../../helpers/daemon-harness.js';
import { isAlive, pidsWithArg, waitFor } from '../../helpers/proc.js';

describe('daemon: lifecycle', function () {
  this.timeout(40000);
  let daemon: DaemonHarness;

  beforeEach(() => {
    daemon = new DaemonHarness();
  });
  afterEach(async () => daemon.cleanup());

  it('stops every instance and grandchild on SIGTERM, removes the socket and exits 0', async () => {
    daemon.writeUnit('tree', 'command = ["sh", "-c", "sleep 100021 & sleep 100021 & wait"]\nstart-seconds = 0.2\n');
    daemon.writeUnit('stubborn', 'command = ["sh", "-c", "trap \'\' TERM; while true; do sleep 0.1; done"]\nstart-seconds = 0.2\nstop-timeout = 1\n');
    await daemon.start();
    await daemon.waitForState('tree', 'RUNNING');
    const stubborn = await daemon.waitForState('stubborn', 'RUNNING');
    await waitFor(() => pidsWithArg('100021').length === 2, 'both grandchildren');
    expect(await daemon.stop('SIGTERM')).to.equal(0);
    expect(existsSync(daemon.socket)).to.equal(false);
    expect(pidsWithArg('100021')).to.deep.equal([]);
    expect(isAlive(stubborn.pid!)).to.equal(false);
    expect(daemon.eventLog()).to.match(/taskmasterd stopped/);
  });

  it('stops everything on the shutdown request', async () => {
    daemon.writeUnit('one', 'command = ["sleep", "100022"]\nstart-seconds = 0.2\n');
    await daemon.start();
    await daemon.waitForState('one', 'RUNNING');
    const exited = new Promise<number | null>((resolve) => daemon.process!.once('exit', resolve));
    expect(await daemon.request('shutdown', {})).to.deep.equal({ ok: true });
    expect(await exited).to.equal(0);
    expect(pidsWithArg('100022')).to.deep.equal([]);
  });

  it('refuses to start a second daemon on a live socket', async () => {
    await daemon.start();
    const rival = spawn(process.execPath, [new URL('../../helpers/run-daemon.js', import.meta.url).pathname, JSON.stringify(daemon.options)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    rival.stderr!.on('data', (d) => (stderr += d));
    const code = await new Promise((resolve) => rival.once('exit', resolve));
    expect(code).to.equal(1);
    expect(stderr).to.match(/already listening on .*tm\.sock/);
    expect((await daemon.request('hello', { protocol: 1 })).pid).to.equal(daemon.process!.pid);
  });

  it('creates its socket 0600, or 0660 for the taskmaster group when running as root and the group exists', async () => {
    await daemon.start();
    const groupLine = readFileSync('/etc/group', 'utf8').split('\n').find((l) => l.startsWith('taskmaster:'));
    const shared = process.getuid?.() === 0 && groupLine !== undefined;
    const stat = statSync(daemon.socket);
    expect(stat.mode & 0o777).to.equal(shared ? 0o660 : 0o600);
    if (shared) expect(stat.gid).to.equal(Number(groupLine!.split(':')[2]));
  });

  it('replaces a stale socket file left by a crash', async () => {
    mkdirSync(dirname(daemon.socket), { recursive: true });
    // What a SIGKILLed daemon leaves behind: a socket file nobody listens on.
    const listener = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(daemon.socket)}, () => console.log('up'))`], { stdio: ['ignore', 'pipe', 'ignore'] });
    await new Promise((resolve) => listener.stdout!.once('data', resolve));
    const killed = new Promise((resolve) => listener.once('exit', resolve));
    listener.kill('SIGKILL');
    await killed;
    expect(existsSync(daemon.socket)).to.equal(true);
    await daemon.start();
    expect((await daemon.request('hello', { protocol: 1 })).pid).to.equal(daemon.process!.pid);
  });

  it('after being SIGKILLed, a new daemon stops the orphans before starting again: never two copies', async () => {
    daemon.writeUnit('solo', 'command = ["sh", "-c", "sleep 100023 & wait"]\nstart-seconds = 0.2\n');
    await daemon.start();
    const first = await daemon.waitForState('solo', 'RUNNING');
    await waitFor(() => pidsWithArg('100023').length === 1, 'the grandchild');
    await daemon.kill9();
    expect(isAlive(first.pid!)).to.equal(true);
    await daemon.start();
    const second = await waitFor(async () => {
      const s = await daemon.instance('solo');
      return s?.state === 'RUNNING' && s.pid !== first.pid ? s : undefined;
    }, 'solo to run again');
    expect(isAlive(first.pid!)).to.equal(false);
    await waitFor(() => pidsWithArg('100023').length === 1, 'exactly one copy');
    expect(second.pid).to.not.equal(first.pid);
    expect(daemon.eventLog()).to.match(/recovery: solo:0 pid=\d+ outlived the previous daemon/);
  });

  it('serves on a socket handed over by systemd socket activation', async function () {
    if (!existsSync('/usr/bin/systemd-socket-activate')) this.skip();
    daemon.writeUnit('act', 'command = ["sleep", "100024"]\nstart-seconds = 0.2\n');
    mkdirSync(dirname(daemon.socket), { recursive: true });
    const runner = new URL('../../helpers/run-daemon.js', import.meta.url).pathname;
    const activator = spawn('/usr/bin/systemd-socket-activate', ['-l', daemon.socket, process.execPath, runner, JSON.stringify(daemon.options)], {
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    });
    try {
      await waitFor(() => existsSync(daemon.socket), 'the activation socket');
      // The first connection makes systemd-socket-activate exec the daemon with LISTEN_FDS=1.
      const hello = await waitFor(async () => daemon.request('hello', { protocol: 1 }).catch(() => undefined), 'the activated daemon');
      expect(hello.pid).to.equal(activator.pid);
      await daemon.waitForState('act', 'RUNNING');
      const exited = new Promise((resolve) => activator.once('exit', resolve));
      process.kill(activator.pid!, 'SIGTERM');
      expect(await exited).to.equal(0);
      expect(pidsWithArg('100024')).to.deep.equal([]);
    } finally {
      try {
        process.kill(-activator.pid!, 'SIGKILL');
      } catch {
        // Already exited.
      }
    }
  });
});
