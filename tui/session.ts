import { Client } from '../src/client/client.js';
import type {
  MethodName,
  NotificationParams,
  Params,
  Result,
  TaskmasterEvent,
} from '../src/protocol/index.js';

/** What the session tells the app; every callback runs on the event loop, never re-entrantly. */
export interface SessionListener {
  connected(hello: Result<'hello'>, status: Result<'status'>): void;
  disconnected(error: string, retryInMs: number): void;
  event(event: TaskmasterEvent): void;
  stats(params: NotificationParams<'stats'>): void;
  logData(params: NotificationParams<'logs.data'>): void;
}

export class NotConnectedError extends Error {
  constructor() {
    super('not connected to the daemon');
  }
}

/** Retry delays after losing the daemon: quick at first, then every two seconds. */
export const RECONNECT_DELAYS_MS = [500, 1000, 2000] as const;

/**
 * Keeps one connection to the daemon: connect, subscribe, fetch a full status, and on loss retry
 * with backoff until `close()`. Subscribing before the status means no transition falls between.
 */
export class DaemonSession {
  private client: Client | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private closed = false;

  constructor(
    private readonly socket: string,
    private readonly listener: SessionListener,
  ) {}

  start(): void {
    void this.connect();
  }

  get isConnected(): boolean {
    return this.client !== null;
  }

  /** The id the next request will carry, to match a follow's `logs.data` before its answer. */
  nextRequestId(): number | null {
    return this.client?.peekNextId() ?? null;
  }

  request<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
    if (!this.client) return Promise.reject(new NotConnectedError());
    return this.client.request(method, params);
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.client?.close();
    this.client = null;
  }

  private async connect(): Promise<void> {
    this.retryTimer = null;
    let client: Client | null = null;
    try {
      const connection = await Client.connect(this.socket, 'tui');
      client = connection.client;
      if (this.closed) return client.close();
      client.on('event', (event) => this.listener.event(event));
      client.on('stats', (params) => this.listener.stats(params));
      client.on('logs.data', (params) => this.listener.logData(params));
      client.onClose(() => this.lost(client!, 'connection to the daemon closed'));
      await client.request('subscribe', { stats: true });
      const status = await client.request('status', { stats: true });
      if (this.closed) return client.close();
      this.client = client;
      this.failures = 0;
      this.listener.connected(connection.hello, status);
    } catch (error) {
      client?.close();
      this.scheduleRetry(error instanceof Error ? error.message : String(error));
    }
  }

  private lost(client: Client, reason: string): void {
    if (this.client !== client) return;
    this.client = null;
    this.scheduleRetry(reason);
  }

  private scheduleRetry(reason: string): void {
    if (this.closed || this.retryTimer) return;
    const delay = RECONNECT_DELAYS_MS[Math.min(this.failures, RECONNECT_DELAYS_MS.length - 1)];
    this.failures++;
    this.listener.disconnected(reason, delay);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }
}
