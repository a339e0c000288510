import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '../../src/client/client.js';
import type { InstanceStatus } from '../../src/protocol/model.js';
import type { MethodName, Params, Result } from '../../src/protocol/methods.js';
import { isAlive, killGroupQuietly, waitFor } from './proc.js';

const RUN_DAEMON = join(dirname(fileURLToPath(import.meta.url)), 'run-daemon.js');

/**
 * A real daemon in a temp dir. Remembers every pid it ever reported so `cleanup()` can kill their
 * process groups even after the daemon itself was SIGKILLed.
 */
export class DaemonHarness {
  readonly root: string;
  readonly unitsDir: string;
  readonly socket: string;
  readonly logDir: string;
  readonly stateDir: string;
  process: ChildProcess | null = null;
  stderr = '';
  private readonly seenPids = new Set<number>();
  private clients: Client[] = [];

  constructor() {
    this.root = mkdtempSync(join(tmpdir(), 'tm-daemon-'));
    this.unitsDir = join(this.root, 'units');
    this.socket = join(this.root, 'run', 'tm.sock');
    this.logDir = join(this.root, 'log');
    this.stateDir = join(this.root, 'state');
    mkdirSync(this.unitsDir, { recursive: true });
  }

  get options(): { unitsDir: string; socket: string; logDir: string; stateDir: string } {
    return { unitsDir: this.unitsDir, socket: this.socket, logDir: this.logDir, stateDir: this.stateDir };
  }

  writeUnit(name: string, toml: string): void {
    const temp = join(this.unitsDir, `.${name}.toml.tmp`);
    writeFileSync(temp, toml);
    // An editor's atomic save: the daemon must see one change.
    writeFileSync(join(this.unitsDir, `${name}.toml`), readFileSync(temp));
    unlinkSync(temp);
  }

  removeUnit(name: string): void {
    unlinkSync(join(this.unitsDir, `${name}.toml`));
  }

  /** Spawns the daemon and waits until it answers on its socket. */
  async start(extraEnv: NodeJS.ProcessEnv = {}): Promise<void> {
    this.stderr = '';
    const child = spawn(process.execPath, [RUN_DAEMON, JSON.stringify(this.options)], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...extraEnv },
    });
    child.stderr!.setEncoding('utf8').on('data', (text: string) => (this.stderr += text));
    this.process = child;
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`daemon exited ${child.exitCode}: ${this.stderr}`);
      try {
        (await Client.connect(this.socket)).client.close();
        return true;
      } catch {
        return false;
      }
    }, 'the daemon to answer');
  }

  async request<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
    const { client } = await Client.connect(this.socket, 'test');
    try {
      return await client.request(method, params);
    } finally {
      client.close();
    }
  }

  /** A connection kept open by the test (closed by cleanup). */
  async connect(): Promise<Client> {
    const { client } = await Client.connect(this.socket, 'test');
    this.clients.push(client);
    return client;
  }

  async status(): Promise<InstanceStatus[]> {
    const { instances } = await this.request('status', {});
    for (const s of instances) if (s.pid) this.seenPids.add(s.pid);
    return instances;
  }

  async instance(unit: string, index = 0): Promise<InstanceStatus | undefined> {
    return (await this.status()).find((s) => s.unit === unit && s.instance === index);
  }

  /** Waits until `unit:index` is in `state` (and has a pid when RUNNING); returns its status. */
  async waitForState(unit: string, state: string, index = 0, timeoutMs = 8000): Promise<InstanceStatus> {
    return waitFor(async () => {
      const s = await this.instance(unit, index);
      return s && s.state === state ? s : undefined;
    }, `${unit}:${index} to be ${state}`, timeoutMs);
  }

  eventLog(): string {
    try {
      return readFileSync(join(this.logDir, 'events.log'), 'utf8');
    } catch {
      return '';
    }
  }

  /** SIGTERM and wait for the daemon's own exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    return exited;
  }

  async kill9(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    await this.status().catch(() => []);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async cleanup(): Promise<void> {
    for (const client of this.clients) client.close();
    this.clients = [];
    await this.status().catch(() => []);
    await this.stop().catch(() => null);
    if (this.process && this.process.exitCode === null && this.process.pid) killGroupQuietly(this.process.pid);
    for (const pid of this.seenPids) if (isAlive(pid)) killGroupQuietly(pid);
    rmSync(this.root, { recursive: true, force: true });
  }
}
