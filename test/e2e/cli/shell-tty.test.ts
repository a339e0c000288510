import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, isAlive, killGroup, startDaemon, statusJson, TASKMASTER, waitFor, waitForStates, type Daemon } from './harness.js';

function hasTmux(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The interactive shell as a person meets it: in a terminal (tmux), with a prompt, Tab and history. */
describe('e2e: taskmaster shell in a terminal', function () {
  this.timeout(30000);
  let tmp: string;
  let socket: string;
  let daemon: Daemon;
  const server = `tm-cli-shell-${process.pid}`;
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', server, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  // tmux drops trailing blanks, so a prompt reads 'taskmaster>' and a completed word has no space after it.
  const screen = (): string => tmux('capture-pane', '-p', '-t', 'shell').trimEnd();
  const waitForScreen = (what: string, test: (text: string) => boolean) =>
    waitFor(what, async () => (test(screen()) ? screen() : null)).catch((error: Error) => {
      throw new Error(`${error.message}\n--- screen ---\n${screen()}`);
    });

  before(async function () {
    if (!hasTmux()) this.skip();
    tmp = mkdtempSync(join(tmpdir(), 'tm-cli-tty-'));
    socket = join(tmp, 's.sock');
    mkdirSync(join(tmp, 'units'));
    writeFileSync(join(tmp, 'units', 'worker.toml'), 'command = ["sleep", "100000"]\ninstances = 2\nstart-seconds = 0.2\nstop-timeout = 2\n');
    daemon = await startDaemon({ units: join(tmp, 'units'), socket, log: join(tmp, 'log'), state: join(tmp, 'state') });
    await waitForStates(socket, { 'worker:0': 'RUNNING', 'worker:1': 'RUNNING' });
    const command = `TASKMASTER_DIST='${DIST}' NO_COLOR=1 '${process.execPath}' '${TASKMASTER}' shell --socket '${socket}' --state-dir '${join(tmp, 'state')}'`;
    tmux('new-session', '-d', '-s', 'shell', '-x', '160', '-y', '40', command);
  });

  after(async () => {
    if (!tmp) return;
    try {
      tmux('kill-server');
    } catch {
      // Already gone with its only session.
    }
    const pids = (await statusJson(socket).catch(() => [])).map((r) => r.pid).filter((p): p is number => p !== null);
    await daemon?.stop();
    for (const pid of pids) if (isAlive(pid)) killGroup(pid, 'SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
  });

  it('shows the prompt', async () => {
    await waitForScreen('the prompt', (text) => text === 'taskmaster>');
  });

  it('completes a command name, then a unit name, and runs the line', async () => {
    tmux('send-keys', '-t', 'shell', 'stat', 'Tab');
    await waitForScreen('status completed', (text) => text === 'taskmaster> status');
    tmux('send-keys', '-t', 'shell', 'wor', 'Tab');
    await waitForScreen('worker completed', (text) => text === 'taskmaster> status worker');
    tmux('send-keys', '-t', 'shell', 'Enter');
    await waitForScreen('the status table', (text) => /^worker\s+1\s+RUNNING/m.test(text) && text.endsWith('\ntaskmaster>'));
  });

  it('keeps the history in the state directory and recalls it with Up', async () => {
    const history = join(tmp, 'state', 'shell_history');
    await waitFor('the history file', async () => existsSync(history) && readFileSync(history, 'utf8') === 'status worker\n');
    tmux('send-keys', '-t', 'shell', 'Up');
    await waitForScreen('the recalled line', (text) => text.endsWith('\ntaskmaster> status worker'));
    tmux('send-keys', '-t', 'shell', 'C-u', 'exit', 'Enter');
    await waitFor('the shell to exit', async () => {
      try {
        tmux('has-session', '-t', 'shell');
        return false;
      } catch {
        return true;
      }
    });
  });
});
