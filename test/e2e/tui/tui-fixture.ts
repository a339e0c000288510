import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '../../../src/client/client.js';
import type { InstanceStatus } from '../../../src/protocol/index.js';
import { isAlive, killGroupQuietly, waitFor } from '../../helpers/proc.js';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The build these tests were compiled into (`<dist>/test/e2e/tui`): the daemon runs from it too. */
const DIST = resolve(HERE, '../../..');
const LAUNCHER = join(HERE, 'launch-tui.js');
/** Tests run from the checkout, where bin/ lives. */
const DAEMON_BIN = resolve('bin/taskmasterd.js');

let fixtures = 0;

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * A real daemon in a temp dir plus the real TUI in a private tmux server (never the user's).
 * Everything it starts is killed in `cleanup()` by pid or process group.
 */
export class TuiFixture {
  readonly root = mkdtempSync(join(tmpdir(), 'tm-tui-'));
  readonly unitsDir = join(this.root, 'units');
  readonly socket = join(this.root, 'tm.sock');
  readonly pidFile = join(this.root, 'tui.pid');
  private readonly name = `tm-tui-test-${process.pid}-${++fixtures}`;
  /** A fresh server per TUI: reusing a name races with the previous server's exit. */
  private tmuxServer = '';
  private tuiRuns = 0;
  daemon: ChildProcess | null = null;
  private readonly seenPids = new Set<number>();
  private daemonStderr = '';

  constructor() {
    mkdirSync(this.unitsDir, { recursive: true });
  }

  writeUnit(name: string, toml: string): void {
    writeFileSync(join(this.unitsDir, `${name}.toml`), toml);
  }

  async startDaemon(): Promise<void> {
    this.daemonStderr = '';
    const args = ['--units', this.unitsDir, '--socket', this.socket, '--log-dir', join(this.root, 'log'), '--state-dir', join(this.root, 'state')];
    // Its own process group, so cleanup can take the daemon down even if it ignores SIGTERM.
    const child = spawn(process.execPath, [DAEMON_BIN, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
      env: { ...process.env, TASKMASTER_DIST: DIST },
    });
    child.stderr!.setEncoding('utf8').on('data', (text: string) => (this.daemonStderr += text));
    this.daemon = child;
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`daemon exited ${child.exitCode}: ${this.daemonStderr}`);
      try {
        (await Client.connect(this.socket, 'test')).client.close();
        return true;
      } catch {
        return false;
      }
    }, 'the daemon to answer', 15000);
  }

  async stopDaemon(): Promise<void> {
    await this.status().catch(() => []);
    const child = this.daemon;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((done) => setTimeout(done, 10000))]);
    if (child.exitCode === null && child.signalCode === null) killGroupQuietly(child.pid!);
  }

  async status(): Promise<InstanceStatus[]> {
    const { client } = await Client.connect(this.socket, 'test');
    try {
      const { instances } = await client.request('status', {});
      for (const instance of instances) if (instance.pid) this.seenPids.add(instance.pid);
      return instances;
    } finally {
      client.close();
    }
  }

  async waitForState(unit: string, state: string, instance = 0, timeoutMs = 15000): Promise<InstanceStatus> {
    return waitFor(async () => {
      const found = (await this.status()).find((s) => s.unit === unit && s.instance === instance);
      return found?.state === state ? found : undefined;
    }, `${unit}:${instance} to be ${state}`, timeoutMs);
  }

  /** Starts the TUI in a detached tmux session of the given size; the pane survives the TUI's exit. */
  startTui(options: { width?: number; height?: number; env?: Record<string, string> } = {}): void {
    const env = { TERM: 'xterm-256color', NO_COLOR: '', LANG: 'C.UTF-8', ...options.env };
    const assignments = Object.entries(env).map(([key, value]) => `${key}=${shellQuote(value)}`).join(' ');
    const tui = `env ${assignments} ${shellQuote(process.execPath)} ${shellQuote(LAUNCHER)} ${shellQuote(this.socket)} ${shellQuote(this.pidFile)}`;
    // After the TUI: its exit status and the tty's line discipline, to prove the terminal was restored.
    this.tmuxServer = `${this.name}-${++this.tuiRuns}`;
    const script = `${tui}; echo "TUI-EXIT=$?"; stty -a | tr ' ;' '\\n\\n' | grep -x -e '-*icanon' -e '-*echo'`;
    this.tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'tui', '-x', String(options.width ?? 100), '-y', String(options.height ?? 30), 'sh', '-c', script);
    this.tmux('set-option', '-t', 'tui', 'remain-on-exit', 'on');
  }

  tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.tmuxServer, ...args], { encoding: 'utf8' });
  }

  /** tmux key names: 'j', 'Enter', 'Escape', 'Tab', 'R', '/'. */
  keys(...keys: string[]): void {
    for (const key of keys) this.tmux('send-keys', '-t', 'tui', key);
  }

  type(text: string): void {
    this.tmux('send-keys', '-t', 'tui', '-l', text);
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', 'tui');
  }

  /**
   * The screen with its scrollback. Needed after the TUI ends: tmux announces the dead pane on a
   * new bottom line, which scrolls the first line of the shell's output into the history.
   */
  screenWithHistory(): string {
    return this.tmux('capture-pane', '-p', '-t', 'tui', '-S', '-');
  }

  alternateScreenOn(): boolean {
    return this.tmux('display-message', '-p', '-t', 'tui', '#{alternate_on}').trim() === '1';
  }

  async waitForScreen(
    test: RegExp | ((screen: string) => boolean),
    what: string,
    timeoutMs = 15000,
    capture: () => string = () => this.screen(),
  ): Promise<string> {
    const matches = typeof test === 'function' ? test : (screen: string) => test.test(screen);
    let last = '';
    try {
      return await waitFor(() => {
        last = capture();
        return matches(last) ? last : undefined;
      }, what, timeoutMs);
    } catch (error) {
      // With the scrollback: what scrolled off the top often explains the failure.
      const history = this.screenWithHistory().trimEnd();
      throw new Error(`${(error as Error).message.split(' (last')[0]}\n--- screen and scrollback ---\n${history}\n--------------`);
    }
  }

  /** The line of the table that shows `unit:instance`, or undefined. */
  static rowOf(screen: string, unit: string, instance = 0): string | undefined {
    return screen.split('\n').find((line) => new RegExp(`^[ >]${unit}\\s+${instance}\\s`).test(line));
  }

  tuiPid(): number | null {
    return existsSync(this.pidFile) ? Number(readFileSync(this.pidFile, 'utf8')) : null;
  }

  /** Ends this test's tmux server (and with it the TUI, which gets SIGHUP) and makes sure the TUI is gone. */
  stopTui(): void {
    const tuiPid = this.tuiPid();
    if (this.tmuxServer) {
      try {
        this.tmux('kill-server');
      } catch {
        // The server already ended.
      }
      this.tmuxServer = '';
    }
    if (tuiPid && isAlive(tuiPid)) process.kill(tuiPid, 'SIGKILL');
    rmSync(this.pidFile, { force: true });
  }

  async cleanup(): Promise<void> {
    this.stopTui();
    await this.stopDaemon().catch(() => {});
    if (this.daemon?.pid && isAlive(this.daemon.pid)) killGroupQuietly(this.daemon.pid);
    for (const pid of this.seenPids) if (isAlive(pid)) killGroupQuietly(pid);
    rmSync(this.root, { recursive: true, force: true });
  }
}
