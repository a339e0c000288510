import type { NotificationParams } from '../src/protocol/index.js';
import { LogBuffer } from './model/log-buffer.js';
import type { DaemonSession } from './session.js';

export type LogStream = 'stdout' | 'stderr';

/** What the log pane shows: one instance's stream, or the daemon's own event log. */
export type LogSource =
  | { kind: 'instance'; unit: string; instance: number; stream: LogStream }
  | { kind: 'events' };

/** How many old lines to fetch when the pane switches to a source. */
const BACKLOG_LINES = 500;

export function describeSource(source: LogSource): string {
  return source.kind === 'events' ? 'daemon events' : `${source.unit}:${source.instance} ${source.stream}`;
}

function sameSource(a: LogSource | null, b: LogSource | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.kind === 'events' || b.kind === 'events') return a.kind === b.kind;
  return a.unit === b.unit && a.instance === b.instance && a.stream === b.stream;
}

/**
 * Follows exactly one log at a time. Switching sources unfollows the old one; answers and
 * notifications for a follow that is no longer current are dropped, so a fast scroll through the
 * table cannot mix two instances' output in the pane.
 */
export class LogFollower {
  readonly buffer = new LogBuffer();
  private source: LogSource | null = null;
  private followId: number | null = null;
  /** Chunks that arrived before the backlog answer; they belong after it. */
  private early: string[] | null = null;
  private note = '';

  constructor(
    private readonly session: DaemonSession,
    private readonly changed: () => void,
  ) {}

  get current(): LogSource | null {
    return this.source;
  }

  /** A word about the pane's state for its title: loading, an error, or nothing when following. */
  get statusNote(): string {
    return this.note;
  }

  show(source: LogSource | null): void {
    if (sameSource(source, this.source)) return;
    this.stop();
    this.source = source;
    this.buffer.clear();
    this.follow();
  }

  /** After a reconnect the old follow is gone with the old connection: ask again. */
  resume(): void {
    this.followId = null;
    this.buffer.clear();
    this.follow();
  }

  /** The connection dropped; the follow died with it. */
  suspend(): void {
    this.followId = null;
    this.early = null;
    this.setNote('daemon unreachable');
  }

  receive(params: NotificationParams<'logs.data'>): void {
    if (this.followId === null || params.follow_id !== this.followId) return;
    if (this.early) this.early.push(params.text);
    else {
      this.buffer.append(params.text);
      this.changed();
    }
  }

  stop(): void {
    const followId = this.followId;
    this.followId = null;
    this.early = null;
    if (followId !== null && this.session.isConnected) {
      this.session.request('unfollow', { follow_id: followId }).catch(() => {});
    }
  }

  private follow(): void {
    const source = this.source;
    if (!source) return this.setNote('');
    const id = this.session.nextRequestId();
    if (id === null) return this.setNote('daemon unreachable');
    this.followId = id;
    this.early = [];
    this.setNote('loading...');
    const params =
      source.kind === 'events'
        ? { instance: 0, lines: BACKLOG_LINES, follow: true }
        : { unit: source.unit, instance: source.instance, stream: source.stream, lines: BACKLOG_LINES, follow: true };
    this.session.request('logs', params).then(
      (result) => {
        // Already unfollowed by stop() when the source changed meanwhile.
        if (this.followId !== id) return;
        this.buffer.append(result.text);
        for (const chunk of this.early ?? []) this.buffer.append(chunk);
        this.early = null;
        this.setNote('');
      },
      (error: Error) => {
        if (this.followId !== id) return;
        this.followId = null;
        this.early = null;
        this.setNote(`no log: ${error.message}`);
      },
    );
  }

  private setNote(note: string): void {
    this.note = note;
    this.changed();
  }
}
