import type { NotificationParams, Result, TaskmasterEvent } from '../src/protocol/index.js';
import type { Widgets } from './blessed.js';
import { runInstanceAction, runReload, type InstanceAction, type Outcome } from './daemon-actions.js';
import { actionFor, type Action } from './keys.js';
import { describeSource, LogFollower, type LogSource, type LogStream } from './log-follower.js';
import { InstanceTable, type TableRow } from './model/instance-table.js';
import { Selection } from './model/selection.js';
import { RenderScheduler } from './render-scheduler.js';
import { StatusRefresher } from './status-refresher.js';
import { DaemonSession, type SessionListener } from './session.js';
import { formatHelp, type ConnectionState, type DaemonIdentity } from './view/chrome.js';
import { applyGeometry, computeGeometry, createLayout, type Geometry, type Layout } from './view/layout.js';
import { paintFrame } from './view/painter.js';

/** Transitions into these states carry no exit code or restart count: fetch that unit's status. */
const SETTLED_STATES = new Set(['STOPPED', 'EXITED', 'BACKOFF', 'FATAL']);
/** Scrolling through the table should not open and close a follow for every row passed. */
const LOG_SWITCH_DELAY_MS = 80;

/** The TUI's controller: owns the state, turns keys and daemon messages into changes, draws frames. */
export class App implements SessionListener {
  private readonly table = new InstanceTable();
  private readonly selection = new Selection();
  private readonly session: DaemonSession;
  private readonly follower: LogFollower;
  private readonly layout: Layout;
  private readonly renders: RenderScheduler;
  private readonly helpText = formatHelp();
  private geometry: Geometry;
  private identity: DaemonIdentity | null = null;
  private connection: ConnectionState = { kind: 'connecting' };
  private focus: 'table' | 'logs' = 'table';
  private logsFullScreen = false;
  private stream: LogStream = 'stdout';
  private showingEvents = false;
  private filterDraft: string | null = null;
  private status = { text: '', error: false };
  private logSwitchTimer: NodeJS.Timeout | null = null;
  private readonly refresher: StatusRefresher;
  private drawnSelectionKey: string | null = null;
  private readonly ticker: NodeJS.Timeout;

  constructor(
    private readonly screen: Widgets.Screen,
    private readonly socket: string,
    private readonly colour: boolean,
    private readonly detach: () => void,
  ) {
    this.layout = createLayout(screen);
    this.layout.help.setContent(this.helpText);
    this.geometry = this.relayout();
    this.renders = new RenderScheduler(() => this.draw());
    this.session = new DaemonSession(socket, this);
    this.follower = new LogFollower(this.session, () => this.renders.later());
    this.refresher = new StatusRefresher(this.session, this.table, () => this.renders.later());
    screen.on('keypress', (ch: string | undefined, key: Widgets.Events.IKeyEventArg | undefined) => this.handleKey(ch, key));
    screen.on('resize', () => {
      this.geometry = this.relayout();
      this.renders.soon();
    });
    // Uptimes tick locally, once a second, rather than being re-polled.
    this.ticker = setInterval(() => this.renders.later(), 1000);
  }

  start(): void {
    this.session.start();
    this.renders.soon();
  }

  stop(): void {
    clearInterval(this.ticker);
    if (this.logSwitchTimer) clearTimeout(this.logSwitchTimer);
    this.refresher.stop();
    this.renders.stop();
    this.follower.stop();
    this.session.close();
  }

  // ---- daemon side -------------------------------------------------------------------------

  connected(hello: Result<'hello'>, status: Result<'status'>): void {
    this.identity = { version: hello.version, socket: hello.socket, unitsDir: hello.units_dir };
    this.connection = { kind: 'connected' };
    this.table.replaceAll(status.instances, status.invalid, Date.now());
    if (this.status.text.startsWith('daemon unreachable')) this.setStatus({ ok: true, message: 'reconnected to the daemon' });
    if (this.follower.current) this.follower.resume();
    else this.switchLogSource();
    this.renders.soon();
  }

  disconnected(error: string, retryInMs: number): void {
    this.connection = { kind: 'lost', retryInMs, error };
    this.follower.suspend();
    this.setStatus({ ok: false, message: `daemon unreachable (${error}); retrying` });
  }

  event(event: TaskmasterEvent): void {
    if (event.type === 'daemon') {
      // Reloads (also ones the file watcher starts) add and remove units: only a full status knows.
      this.refresher.request(null);
      return;
    }
    if (!this.table.applyTransition(event, Date.now())) this.refresher.request(null);
    else if (SETTLED_STATES.has(event.to)) this.refresher.request(event.unit);
    this.renders.later();
  }

  stats(params: NotificationParams<'stats'>): void {
    this.table.applyStats(params.samples);
    this.renders.later();
  }

  logData(params: NotificationParams<'logs.data'>): void {
    this.follower.receive(params);
  }

  // ---- keys --------------------------------------------------------------------------------

  private handleKey(ch: string | undefined, key: Widgets.Events.IKeyEventArg | undefined): void {
    const full = key?.full;
    if (full === 'return') return; // blessed reports Enter twice, as `return` and `enter`
    if (full === 'C-c') return this.detach(); // whatever mode the UI is in
    if (!this.layout.help.hidden) {
      this.layout.help.hide();
    } else if (this.filterDraft !== null) {
      this.editFilter(ch, full);
    } else {
      const action = actionFor(ch, full);
      if (action) this.perform(action);
      else return;
    }
    this.renders.soon();
  }

  private editFilter(ch: string | undefined, full: string | undefined): void {
    if (full === 'escape') {
      this.filterDraft = null;
      this.table.setFilter('');
    } else if (full === 'enter') {
      this.filterDraft = null;
    } else if (full === 'backspace') {
      this.filterDraft = this.filterDraft!.slice(0, -1);
      this.table.setFilter(this.filterDraft);
    } else if (full === 'up' || full === 'down') {
      this.selection.move(this.table.visible(), full === 'up' ? -1 : 1);
    } else if (ch && ch.length === 1 && ch >= ' ' && ch !== '\x7f') {
      this.filterDraft += ch;
      this.table.setFilter(this.filterDraft!);
    }
    this.selectionMayHaveChanged();
  }

  private perform(action: Action): void {
    const rows = this.table.visible();
    const page = Math.max(1, (this.focus === 'table' ? this.geometry.tableRows : this.geometry.logRows) - 1);
    const onLogs = this.focus === 'logs';
    switch (action) {
      case 'up':
      case 'down':
      case 'pageUp':
      case 'pageDown': {
        const step = (action === 'up' || action === 'pageUp' ? -1 : 1) * (action.startsWith('page') ? page : 1);
        if (onLogs) this.follower.buffer.scroll(-step);
        else this.moveSelection(() => this.selection.move(rows, step));
        return;
      }
      case 'home':
        if (onLogs) this.follower.buffer.scrollToTop();
        else this.moveSelection(() => this.selection.moveTo(rows, 0));
        return;
      case 'end':
        if (onLogs) this.follower.buffer.followTail();
        else this.moveSelection(() => this.selection.moveTo(rows, rows.length - 1));
        return;
      case 'start':
      case 'stop':
      case 'restart':
        return this.actOnSelected(action);
      case 'reload':
        this.setStatus({ ok: true, message: 'reloading...' });
        void runReload(this.session).then((outcome) => {
          this.setStatus(outcome);
          this.refresher.request(null);
        });
        return;
      case 'filter':
        this.filterDraft = this.table.filter;
        return;
      case 'clearFilter':
        this.table.setFilter('');
        return this.selectionMayHaveChanged();
      case 'focus':
        this.focus = this.logsFullScreen || this.focus === 'table' ? 'logs' : 'table';
        return;
      case 'logs':
        this.showingEvents = false;
        this.focus = 'logs';
        return this.switchLogSource();
      case 'stream':
        this.stream = this.stream === 'stdout' ? 'stderr' : 'stdout';
        this.showingEvents = false;
        return this.switchLogSource();
      case 'events':
        this.showingEvents = !this.showingEvents;
        return this.switchLogSource();
      case 'fullscreen':
        this.logsFullScreen = !this.logsFullScreen;
        this.focus = this.logsFullScreen ? 'logs' : 'table';
        this.geometry = this.relayout();
        return;
      case 'help':
        this.layout.help.show();
        this.layout.help.setFront();
        return;
      case 'quit':
        return this.detach();
    }
  }

  private actOnSelected(action: InstanceAction): void {
    const row = this.selectedRow();
    if (!row) return this.setStatus({ ok: false, message: `${action}: no instance selected` });
    const target = row.kind === 'instance' ? row.key : row.unit;
    this.setStatus({ ok: true, message: `${action} ${target}...` });
    void runInstanceAction(this.session, action, target).then((outcome) => this.setStatus(outcome));
  }

  private moveSelection(move: () => void): void {
    move();
    this.selectionMayHaveChanged();
  }

  /** The log pane follows the selection, after a short pause so fast scrolling stays cheap. */
  private selectionMayHaveChanged(): void {
    if (this.logSwitchTimer) clearTimeout(this.logSwitchTimer);
    this.logSwitchTimer = setTimeout(() => {
      this.logSwitchTimer = null;
      this.switchLogSource();
      this.renders.soon();
    }, LOG_SWITCH_DELAY_MS);
  }

  private switchLogSource(): void {
    this.follower.show(this.wantedLogSource());
  }

  private wantedLogSource(): LogSource | null {
    if (this.showingEvents) return { kind: 'events' };
    const row = this.selectedRow();
    if (!row || row.kind !== 'instance') return null;
    return { kind: 'instance', unit: row.unit, instance: row.instance, stream: this.stream };
  }

  private selectedRow(): TableRow | undefined {
    const rows = this.table.visible();
    return rows[this.selection.reconcile(rows)];
  }

  // ---- drawing -----------------------------------------------------------------------------

  private setStatus(outcome: Outcome): void {
    this.status = { text: outcome.message, error: !outcome.ok };
    this.renders.later();
  }

  private relayout(): Geometry {
    const geometry = computeGeometry(this.screen.width as number, this.screen.height as number, this.logsFullScreen);
    applyGeometry(this.layout, geometry, this.helpText.split('\n').length);
    return geometry;
  }

  private draw(): void {
    const selected = this.selectedRow();
    // Rows also come and go with reloads and refreshes; the log pane must follow the selection then too.
    if (this.selection.selectedKey !== this.drawnSelectionKey) {
      this.drawnSelectionKey = this.selection.selectedKey;
      this.selectionMayHaveChanged();
    }
    const source = this.follower.current;
    paintFrame(this.layout, {
      socket: this.socket,
      identity: this.identity,
      connection: this.connection,
      table: this.table,
      selection: this.selection,
      geometry: this.geometry,
      focus: this.focus,
      logTitle: source ? describeSource(source) : selected?.kind === 'invalid' ? `${selected.unit} (invalid unit file)` : '-',
      logNote: this.follower.statusNote,
      logBuffer: this.follower.buffer,
      selectedInvalid: !this.showingEvents && selected?.kind === 'invalid' ? selected : null,
      status: this.status,
      filterDraft: this.filterDraft,
      palette: { colour: this.colour },
      nowMs: Date.now(),
    });
    this.screen.render();
  }
}
