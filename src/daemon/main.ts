import { mkdirSync } from 'node:fs';
import { dirname, join, resolve as absolutePath } from 'node:path';
import { TASKMASTER_VERSION } from '../protocol/version.js';
import { Supervisor } from '../supervisor/supervisor.js';
import { UnitLoader } from '../units/index.js';
import { takeActivatedSocket } from './activation.js';
import { CrashJournal } from './crash-journal.js';
import { JournalRecorder } from './journal-recorder.js';
import { EventLog } from './eventlog.js';
import { createHandlers } from './handlers.js';
import { logger } from './logger.js';
import type { DaemonOptions } from './options.js';
import { Reconciler, ReconcilerClosedError, UnitsDirUnusableError } from './reconciler.js';
import { stopLeftovers } from './recovery.js';
import { ControlServer, type ListenTarget } from './server.js';
import { socketAccess } from './socket-access.js';
import { claimSocketPath, SocketInUseError } from './socket-lock.js';
import { StatsSampler } from './stats-sampler.js';
import { UnitsWatcher } from './watcher.js';

/** Runs the daemon in the foreground; resolves with the process exit code once it has shut down. */
export async function runDaemon(given: DaemonOptions): Promise<number> {
  // Absolute from here on: unit files, log paths and the journal must not depend on a later cwd.
  const options: DaemonOptions = {
    unitsDir: absolutePath(given.unitsDir),
    socket: absolutePath(given.socket),
    logDir: absolutePath(given.logDir),
    stateDir: absolutePath(given.stateDir),
  };
  const activatedFd = takeActivatedSocket();
  try {
    prepareDirectories(options, activatedFd === null);
    if (activatedFd === null) await claimSocketPath(options.socket);
  } catch (error) {
    logger.error(error instanceof SocketInUseError ? `${error.message}; refusing to start a second one` : (error as Error).message);
    return 1;
  }

  const events = new EventLog(join(options.logDir, 'events.log'));
  events.daemon(`taskmasterd ${TASKMASTER_VERSION} started (pid ${process.pid}, units ${options.unitsDir})`);
  const journal = CrashJournal.open(join(options.stateDir, 'instances.journal'));
  const recorder = new JournalRecorder(journal);
  const supervisor = new Supervisor({
    logDir: options.logDir,
    onTransition: (event) => {
      events.transition(event);
      recorder.observe(event);
    },
  });
  const reconciler = new Reconciler(options.unitsDir, new UnitLoader(), supervisor, events);
  const initialPlan = await reconciler.prepareInitial();
  await stopLeftovers(journal.previous, new Map(initialPlan.add.map((u) => [u.name, u])), events);

  let shuttingDown: Promise<void> | null = null;
  let resolveExit!: (code: number) => void;
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));
  const watcher = new UnitsWatcher(options.unitsDir, () => void reload('watch'));
  const server = new ControlServer(
    createHandlers({
      options,
      version: TASKMASTER_VERSION,
      supervisor,
      reconciler,
      events,
      stats: new StatsSampler(supervisor),
      requestShutdown: (reason) => void shutdown(reason),
    }),
  );

  function reload(cause: string): Promise<unknown> {
    if (shuttingDown) return Promise.resolve();
    return reconciler.reload({ dryRun: false, cause }).catch((error) => {
      // An unusable directory is already in the event log, and a reload during shutdown is moot.
      if (error instanceof UnitsDirUnusableError || error instanceof ReconcilerClosedError) return;
      events.daemon(`${cause}: failed: ${(error as Error).message}`);
    });
  }

  function shutdown(reason: string): Promise<void> {
    shuttingDown ??= (async () => {
      events.daemon(`shutting down: ${reason}`);
      watcher.close();
      server.close();
      await reconciler.close();
      await supervisor.stopAll();
      journal.close();
      events.daemon('taskmasterd stopped');
      await events.close();
      resolveExit(0);
    })();
    return shuttingDown;
  }

  const listenTarget: ListenTarget = activatedFd === null ? { path: options.socket, ...socketAccess() } : { fd: activatedFd };
  try {
    await server.listen(listenTarget);
  } catch (error) {
    logger.error(`cannot listen on ${options.socket}: ${(error as Error).message}`);
    journal.close();
    await events.close();
    return 1;
  }
  process.on('SIGHUP', () => void reload('SIGHUP'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  logger.info(`listening on ${activatedFd === null ? options.socket : 'the socket systemd passed (fd 3)'}`);
  await reconciler.applyInitial(initialPlan);
  server.preloadSchemas();
  watcher.start();
  return exited;
}

function prepareDirectories(options: DaemonOptions, ownSocket: boolean): void {
  const privateMode = process.getuid?.() === 0 ? 0o755 : 0o700;
  mkdirSync(options.logDir, { recursive: true, mode: privateMode });
  mkdirSync(options.stateDir, { recursive: true, mode: privateMode });
  mkdirSync(options.unitsDir, { recursive: true });
  if (ownSocket) mkdirSync(dirname(options.socket), { recursive: true, mode: privateMode });
}
