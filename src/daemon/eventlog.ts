import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { DaemonEvent, TaskmasterEvent, TransitionEvent } from '../protocol/model.js';

/** One line per event, e.g. `2026-11-26T10:15:25.123Z web:0 STARTING -> RUNNING pid=1234`. */
export function formatEvent(event: TaskmasterEvent): string {
  if (event.type === 'daemon') return `${event.time} ${event.message}`;
  let line = `${event.time} ${event.unit}:${event.instance} ${event.from} -> ${event.to}`;
  if (event.pid !== null) line += ` pid=${event.pid}`;
  if (event.reason) line += ` (${event.reason})`;
  return line;
}

type Listener = (event: TaskmasterEvent) => void;

/**
 * The daemon's event log: appended to a file (the record an operator reads after the fact) and
 * fanned out to subscribed clients. Writes go through a stream so a slow disk never stalls the
 * event loop that reaps children.
 */
export class EventLog {
  private readonly stream: WriteStream;
  private readonly listeners = new Set<Listener>();

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.stream = createWriteStream(path, { flags: 'a', mode: 0o640 });
    this.stream.on('error', () => {});
  }

  transition(event: TransitionEvent): void {
    this.publish(event);
  }

  daemon(message: string): void {
    const event: DaemonEvent = { type: 'daemon', time: new Date().toISOString(), message };
    this.publish(event);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once every line written so far is on disk. */
  close(): Promise<void> {
    return new Promise((resolve) => this.stream.end(resolve));
  }

  private publish(event: TaskmasterEvent): void {
    this.stream.write(formatEvent(event) + '\n');
    for (const listener of this.listeners) listener(event);
  }
}
