import { createConnection, type Socket } from 'node:net';
// Deliberately not the protocol index: that loads zod, and a CLI call must start fast.
import { encodeLine, LineDecoder } from '../protocol/framing.js';
import { PROTOCOL_VERSION } from '../protocol/version.js';
import type {
  MethodName,
  NotificationName,
  NotificationParams,
  Params,
  Result,
  RpcErrorBody,
} from '../protocol/index.js';

/** The daemon did not answer on its socket (absent, refused, or a stale file). */
export class DaemonUnreachableError extends Error {
  constructor(
    readonly socketPath: string,
    readonly errno: NodeJS.ErrnoException,
  ) {
    super(`no daemon answers on ${socketPath} (${errno.code ?? errno.message})`);
  }
}

/** The daemon answered a request with a JSON-RPC error. */
export class RpcError extends Error {
  readonly code: number;
  readonly data: unknown;
  constructor(body: RpcErrorBody) {
    super(body.message);
    this.code = body.code;
    this.data = body.data;
  }
}

/** The connection closed before the daemon answered. */
export class ConnectionClosedError extends Error {
  constructor() {
    super('connection to the daemon closed');
  }
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };
type NotificationHandler = (params: any) => void;

/** A typed connection to the daemon: requests, and notifications for subscribe / follow. */
export class Client {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly handlers = new Map<string, Set<NotificationHandler>>();
  private readonly closeHandlers = new Set<() => void>();
  private closed = false;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    const decoder = new LineDecoder(
      (line) => this.dispatch(line),
      () => socket.destroy(),
    );
    socket.on('data', (chunk: string) => decoder.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => this.handleClose());
  }

  /** Connects and exchanges `hello`; rejects with DaemonUnreachableError when nothing answers. */
  static async connect(socketPath: string, clientName = 'taskmaster'): Promise<{ client: Client; hello: Result<'hello'> }> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = createConnection(socketPath);
      s.once('connect', () => resolve(s));
      s.once('error', (err: NodeJS.ErrnoException) => reject(new DaemonUnreachableError(socketPath, err)));
    });
    const client = new Client(socket);
    const hello = await client.request('hello', { protocol: PROTOCOL_VERSION, client: clientName });
    return { client, hello };
  }

  request<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
    if (this.closed) return Promise.reject(new ConnectionClosedError());
    const id = this.nextId++;
    return new Promise<Result<M>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.socket.write(encodeLine({ jsonrpc: '2.0', id, method, params }));
    });
  }

  /** The id the next request will carry (a follow's `logs.data` notifications are tagged with it). */
  peekNextId(): number {
    return this.nextId;
  }

  on<N extends NotificationName>(name: N, handler: (params: NotificationParams<N>) => void): () => void {
    let set = this.handlers.get(name);
    if (!set) this.handlers.set(name, (set = new Set()));
    set.add(handler);
    return () => set!.delete(handler);
  }

  onClose(handler: () => void): void {
    if (this.closed) handler();
    else this.closeHandlers.add(handler);
  }

  close(): void {
    this.socket.end();
    this.socket.destroy();
  }

  private dispatch(line: string): void {
    let message: any;
    try {
      message = JSON.parse(line);
    } catch {
      return;
    }
    if (message && typeof message.id === 'number' && this.pending.has(message.id)) {
      const pending = this.pending.get(message.id)!;
      this.pending.delete(message.id);
      if (message.error) pending.reject(new RpcError(message.error));
      else pending.resolve(message.result);
    } else if (message && typeof message.method === 'string') {
      for (const handler of this.handlers.get(message.method) ?? []) handler(message.params);
    }
  }

  private handleClose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const pending of this.pending.values()) pending.reject(new ConnectionClosedError());
    this.pending.clear();
    for (const handler of this.closeHandlers) handler();
  }
}
