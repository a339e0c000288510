import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '../../../src/client/client.js';
import { isAlive, killGroupQuietly, pidsWithArg, waitFor } from '../../helpers/proc.js';

/** `taskmaster up` without -d, as the README's first command runs it: daemon in the background, then the TUI. */
describe('taskmaster up: starts a daemon and attaches the TUI', function () {
  this.timeout(40000);
  const root = mkdtempSync(join(tmpdir(), 'tm-up-'));
  const socket = join(root, 'tm.sock');
  const server = `tm-up-test-${process.pid}`;
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', server, ...args], { encoding: 'utf8' });
  let daemonPid: number | null = null;

  before(function () {
    if (!existsSync('/usr/bin/tmux')) this.skip();
    mkdirSync(join(root, 'units'));
    writeFileSync(join(root, 'units', 'ticker.toml'), 'command = ["sleep", "100041"]\nstart-seconds = 0.2\n');
  });

  after(async () => {
    try {
      tmux('kill-server');
    } catch {
      // No server left.
    }
    if (daemonPid !== null && isAlive(daemonPid)) {
      process.kill(daemonPid, 'SIGTERM');
      await waitFor(() => !isAlive(daemonPid!), 'the daemon to exit', 10000).catch(() => killGroupQuietly(daemonPid!));
    }
    for (const pid of pidsWithArg('100041')) killGroupQuietly(pid);
    rmSync(root, { recursive: true, force: true });
  });

  it('shows the units in the TUI, and q leaves the daemon running', async () => {
    const bin = resolve('bin/taskmaster.js');
    const command = [process.execPath, bin, 'up', '--units', join(root, 'units'), '--socket', socket, '--log-dir', join(root, 'log'), '--state-dir', join(root, 'state')]
      .map((a) => `'${a}'`)
      .join(' ');
    tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'up', '-x', '100', '-y', '30', 'sh', '-c', `${command}; echo "up exited $?"; sleep 30`);
    const screen = await waitFor(() => {
      const text = tmux('capture-pane', '-p', '-t', 'up');
      return /ticker\s+0\s+RUNNING/.test(text) ? text : undefined;
    }, 'the TUI to show ticker RUNNING', 20000);
    expect(screen).to.match(/Taskmaster/);
    const { client, hello } = await Client.connect(socket, 'test');
    client.close();
    daemonPid = hello.pid;
    tmux('send-keys', '-t', 'up', 'q');
    await waitFor(() => /up exited 0/.test(tmux('capture-pane', '-p', '-t', 'up', '-S', '-')), 'up to exit 0 after q');
    expect(isAlive(daemonPid)).to.equal(true);
    expect(pidsWithArg('100041')).to.have.length(1);
  });
});
