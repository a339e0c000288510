import { ErrorCode } from '../protocol/errors.js';
import type { ActionResult, InstanceStatus, InvalidUnitStatus } from '../protocol/model.js';
import { PROTOCOL_VERSION } from '../protocol/version.js';
import type { Supervisor, ActionOutcome } from '../supervisor/supervisor.js';
import { fileSize, followFile, readLastLines } from '../supervisor/logread.js';
import type { EventLog } from './eventlog.js';
import type { DaemonOptions } from './options.js';
import { ReconcilerClosedError, UnitsDirUnusableError, type Reconciler } from './reconciler.js';
import { RpcFailure, type Connection, type Handlers } from './server.js';
import type { StatsSampler } from './stats-sampler.js';
import { parseTarget, resolveTargets, unknownUnit } from './targets.js';

export interface HandlerContext {
  options: DaemonOptions;
  version: string;
  supervisor: Supervisor;
  reconciler: Reconciler;
  events: EventLog;
  stats: StatsSampler;
  requestShutdown(reason: string): void;
}

type Action = 'start' | 'stop' | 'restart';

/** The daemon's side of every protocol method. */
export function createHandlers(ctx: HandlerContext): Handlers {
  const act = (action: Action) => async (params: { targets: string[]; wait: boolean }) => {
    const targets = resolveTargets(params.targets, ctx.supervisor, ctx.reconciler.invalidUnits());
    const outcomes = await Promise.all(
      targets.map(({ unit, instance }) => ctx.supervisor[action](unit, instance, params.wait)),
    );
    return { results: outcomes.map((o, i) => toResult(targets[i].target, o)) };
  };
  const follows = new Map<Connection, Map<string | number, { close(): void }>>();

  return {
    hello(params) {
      if (params.protocol !== PROTOCOL_VERSION) {
        throw new RpcFailure(
          ErrorCode.ProtocolMismatch,
          `protocol ${params.protocol} is not supported; this daemon speaks protocol ${PROTOCOL_VERSION}`,
        );
      }
      return {
        protocol: PROTOCOL_VERSION,
        version: ctx.version,
        pid: process.pid,
        socket: ctx.options.socket,
        units_dir: ctx.options.unitsDir,
        log_dir: ctx.options.logDir,
      };
    },

    status(params) {
      const names = params.names ?? [];
      const invalid = ctx.reconciler.invalidUnits();
      for (const name of names) {
        const { unit } = parseTarget(name);
        if (!ctx.supervisor.has(unit) && !invalid.some((i) => i.unit === unit)) {
          throw new RpcFailure(ErrorCode.NoSuchUnit, `no such unit: ${unit}`);
        }
      }
      const wanted = (unit: string, instance: number): boolean =>
        names.length === 0 ||
        names.some((n) => {
          const t = parseTarget(n);
          return t.unit === unit && (t.instance === null || t.instance === instance);
        });
      const instances = ctx.supervisor.status().filter((s) => wanted(s.unit, s.instance));
      return {
        instances: instances.map((s) => withStats(s, ctx.stats)),
        invalid: invalid.filter((i) => names.length === 0 || names.some((n) => parseTarget(n).unit === i.unit)),
      };
    },

    start: act('start'),
    stop: act('stop'),
    restart: act('restart'),

    async reload(params) {
      try {
        const plan = await ctx.reconciler.reload({ dryRun: params.dry_run, cause: 'reload' });
        return { plan, applied: !params.dry_run };
      } catch (error) {
        if (error instanceof UnitsDirUnusableError) throw new RpcFailure(ErrorCode.UnitsDirUnusable, error.message);
        if (error instanceof ReconcilerClosedError) throw new RpcFailure(ErrorCode.ShuttingDown, error.message);
        throw error;
      }
    },

    async logs(params, { connection, id }) {
      const path =
        params.unit === undefined
          ? ctx.events.path
          : logPathOf(ctx.supervisor, params.unit, params.instance, params.stream, ctx.reconciler.invalidUnits());
      const offset = await fileSize(path);
      const text = await readLastLines(path, params.lines);
      if (params.follow) {
        let perConnection = follows.get(connection);
        if (!perConnection) {
          follows.set(connection, (perConnection = new Map()));
          connection.onClose(() => {
            for (const follow of perConnection!.values()) follow.close();
            follows.delete(connection);
          });
        }
        // Started after this reply is written, so the client never sees new text before the tail.
        setImmediate(() => {
          if (!follows.has(connection)) return;
          perConnection!.set(id, followFile(path, offset, (chunk) => connection.notify('logs.data', { follow_id: id, text: chunk })));
        });
      }
      return { text, path };
    },

    unfollow(params, { connection }) {
      const follow = follows.get(connection)?.get(params.follow_id);
      follow?.close();
      follows.get(connection)?.delete(params.follow_id);
      return { ok: follow !== undefined };
    },

    subscribe(params, { connection }) {
      const unsubscribe = ctx.events.subscribe((event) => connection.notify('event', event));
      connection.onClose(unsubscribe);
      if (params.stats) {
        const detach = ctx.stats.attach(() => connection.notify('stats', { samples: ctx.stats.all() }));
        connection.onClose(detach);
      }
      return { ok: true as const };
    },

    shutdown() {
      setImmediate(() => ctx.requestShutdown('shutdown requested by a client'));
      return { ok: true as const };
    },
  };
}

function logPathOf(
  supervisor: Supervisor,
  unit: string,
  instance: number,
  stream: 'stdout' | 'stderr',
  invalid: InvalidUnitStatus[],
): string {
  if (!supervisor.has(unit)) throw unknownUnit(unit, invalid);
  if (instance >= supervisor.instanceCount(unit)) throw new RpcFailure(ErrorCode.NoSuchUnit, `no such instance: ${unit}:${instance}`);
  const path = supervisor.logPath(unit, instance, stream);
  if (path === null) throw new RpcFailure(ErrorCode.NotFollowable, `${stream} of ${unit}:${instance} is discarded ("null")`);
  return path;
}

function withStats(status: InstanceStatus, stats: StatsSampler): InstanceStatus {
  const sample = stats.get(status.unit, status.instance);
  return sample ? { ...status, cpu_percent: sample.cpuPercent, rss_bytes: sample.rssBytes } : status;
}

function toResult(target: string, outcome: ActionOutcome): ActionResult {
  return { target, unit: outcome.unit, instance: outcome.instance, ok: outcome.ok, state: outcome.state, message: outcome.message };
}
