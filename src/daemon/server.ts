import { createServer, type Server, type Socket } from 'node:net';
import { chmodSync, chownSync, unlinkSync } from 'node:fs';
import { ErrorCode } from '../protocol/errors.js';
import { encodeLine, LineDecoder } from '../protocol/framing.js';
import { errorResponse, notification, RequestSchema, successResponse, type RequestId } from '../protocol/jsonrpc.js';
import type { MethodName, NotificationName, NotificationParams, ParsedParams, Result } from '../protocol/methods.js';

/**
 * The params schemas of every method, loaded at the first request rather than at startup: building
 * them is a tenth of the daemon's startup, which is better spent starting the units. The daemon
 * calls `preloadSchemas` once the units have started, so a client rarely waits for them.
 */
let methodSchemas: Promise<typeof import('../protocol/methods.js')> | null = null;
function loadMethodSchemas(): Promise<typeof import('../protocol/methods.js')> {
  methodSchemas ??= import('../protocol/methods.js');
  return methodSchemas;
}

/** A handler's way to answer with a specific JSON-RPC error instead of InternalError. */
export class RpcFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/** One client connection, as handlers see it. */
export interface Connection {
  readonly id: number;
  notify<N extends NotificationName>(name: N, params: NotificationParams<N>): void;
  onClose(cleanup: () => void): void;
}

export type Handlers = {
  [M in MethodName]: (params: ParsedParams<M>, context: { connection: Connection; id: RequestId }) => Promise<Result<M>> | Result<M>;
};

/** A client that stops reading must not make the daemon buffer without bound. */
const MAX_PENDING_OUTPUT = 16 * 1024 * 1024;

export type ListenTarget = { path: string; mode: number; gid: number | null } | { fd: number };

/**
 * The control socket: NDJSON JSON-RPC 2.0. Every failure is answered or drops only the offending
 * client; nothing a client sends can throw out of here.
 */
export class ControlServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private nextConnectionId = 1;
  private ownedPath: string | null = null;

  constructor(private readonly handlers: Handlers) {
    this.server = createServer((socket) => this.accept(socket));
    this.server.on('error', () => {});
  }

  listen(target: ListenTarget): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      const done = (): void => {
        this.server.off('error', reject);
        resolve();
      };
      if ('fd' in target) {
        this.server.listen({ fd: target.fd }, done);
        return;
      }
      // bind(2) creates the file with the umask's mode: closed from the first instant, then
      // opened to exactly the mode asked for.
      const previousUmask = process.umask(0o177);
      try {
        this.server.listen(target.path, () => {
          this.ownedPath = target.path;
          if (target.gid !== null) chownSync(target.path, 0, target.gid);
          chmodSync(target.path, target.mode);
          done();
        });
      } finally {
        process.umask(previousUmask);
      }
    });
  }

  /** Loads what requests are validated with now, instead of at the first request. */
  preloadSchemas(): void {
    // A failure is reported to the request that needs them, and that request tries the import again.
    loadMethodSchemas().catch(() => {});
  }

  /** Stops accepting, drops every client, removes the socket file we created. */
  close(): void {
    this.server.close();
    for (const socket of this.sockets) socket.destroy();
    if (this.ownedPath) {
      try {
        unlinkSync(this.ownedPath);
      } catch {
        // Already gone: nothing to clean.
      }
    }
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    const cleanups: Array<() => void> = [];
    const send = (message: unknown): void => {
      if (socket.destroyed) return;
      if (socket.writableLength > MAX_PENDING_OUTPUT) return void socket.destroy();
      socket.write(encodeLine(message));
    };
    const connection: Connection = {
      id: this.nextConnectionId++,
      notify: (name, params) => send(notification(name, params)),
      onClose: (cleanup) => cleanups.push(cleanup),
    };
    const decoder = new LineDecoder(
      (line) => void this.handleLine(line, connection, send),
      () => {
        send(errorResponse(null, ErrorCode.LineTooLong, 'line longer than 1 MiB; closing the connection'));
        socket.end();
        socket.destroy();
      },
    );
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => decoder.push(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.sockets.delete(socket);
      for (const cleanup of cleanups) cleanup();
    });
  }

  private async handleLine(line: string, connection: Connection, send: (message: unknown) => void): Promise<void> {
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      return send(errorResponse(null, ErrorCode.ParseError, 'parse error: not valid JSON'));
    }
    const request = RequestSchema.safeParse(raw);
    if (!request.success) {
      const id = typeof (raw as { id?: unknown })?.id === 'number' || typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: RequestId }).id : null;
      const what = Array.isArray(raw) ? 'batch requests are not supported' : 'not a JSON-RPC 2.0 request';
      return send(errorResponse(id, ErrorCode.InvalidRequest, `invalid request: ${what}`));
    }
    const { id, method } = request.data;
    let schemas: typeof import('../protocol/methods.js');
    try {
      schemas = await loadMethodSchemas();
    } catch (error) {
      // Only a damaged installation gets here; it must cost the request, not the daemon.
      methodSchemas = null;
      return send(errorResponse(id, ErrorCode.InternalError, `internal error: ${(error as Error).message}`));
    }
    const { isMethodName, Methods } = schemas;
    if (!isMethodName(method)) return send(errorResponse(id, ErrorCode.MethodNotFound, `method not found: ${method}`));
    const params = Methods[method].params.safeParse(request.data.params ?? {});
    if (!params.success) {
      const detail = params.error.issues.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`).join('; ');
      return send(errorResponse(id, ErrorCode.InvalidParams, `invalid params for ${method}: ${detail}`));
    }
    try {
      const handler = this.handlers[method] as (p: unknown, c: { connection: Connection; id: RequestId }) => unknown;
      send(successResponse(id, await handler(params.data, { connection, id })));
    } catch (error) {
      if (error instanceof RpcFailure) send(errorResponse(id, error.code, error.message, error.data));
      else send(errorResponse(id, ErrorCode.InternalError, `internal error: ${(error as Error).message}`));
    }
  }
}
