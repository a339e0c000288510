import { now, pollSync, sleepSync } from '../clock.js';
import { launchDetached, ProcessLedger, type Command } from '../processes.js';
import { isAlive } from '../proc.js';
import { withChangedCommand, type ProgramSpec } from '../programs.js';
import type { RecordFigure } from '../results.js';
import { join } from 'node:path';
import { waitPastStartGrace, type Fleet } from './fleet.js';

/** Pids of every program, by name. */
function snapshot(fleet: Fleet): Map<string, number> {
  return fleet.census.take(fleet.rootPid).programs;
}

function countChanged(before: Map<string, number>, after: Map<string, number>, except: string): number {
  let changed = 0;
  for (const [name, pid] of before) if (name !== except && after.get(name) !== pid) changed++;
  return changed;
}

/** Waits for the process of the changed program (its new argv) to exist; ms since `since`. */
function waitForNewProcess(fleet: Fleet, changed: ProgramSpec, since: number, timeoutMs: number): number {
  pollSync(() => snapshot(fleet).get(changed.name), { what: `the changed ${changed.name}`, timeoutMs, intervalMs: 0.5 });
  return now() - since;
}

/**
 * S6: one program's command changes in a fleet; time until the new process exists, once through
 * the peer's reload command and once (for peers that watch their files) through the file write
 * alone; and how many other programs got a new pid (should be none).
 */
export function measureReload(fleet: Fleet, timeoutMs: number, record: RecordFigure): void {
  const { launched } = fleet;
  const modes: Array<{ label: string; victim: ProgramSpec; apply: (changed: ProgramSpec) => Command | null }> = [];
  if (launched.rewriteForReloadCommand) {
    modes.push({ label: 'reload command', victim: fleet.programs[7], apply: launched.rewriteForReloadCommand });
  }
  if (launched.rewriteForWatcher) {
    const rewrite = launched.rewriteForWatcher;
    modes.push({ label: 'file write', victim: fleet.programs[11], apply: (changed) => (rewrite(changed), null) });
  }
  for (const { label, victim, apply } of modes) {
    // The changed program is recognised under its own name, so the old process never matches it.
    const changed = { ...withChangedCommand(victim), name: `${victim.name}~changed` };
    fleet.census.expect(changed);
    const before = snapshot(fleet);
    const ledger = new ProcessLedger();
    const started = now();
    const command = apply({ ...changed, name: victim.name });
    const commandPid = command ? launchDetached(command, join(fleet.workDir, 'reload-command.out')) : null;
    if (commandPid !== null) ledger.record(commandPid);
    try {
      record(`S6 ${label} → new pid N=${fleet.programs.length}`, 'ms', waitForNewProcess(fleet, changed, started, timeoutMs));
      if (commandPid !== null) {
        pollSync(() => (isAlive(commandPid) ? undefined : true), { what: 'the reload command to exit', timeoutMs, intervalMs: 5 });
      }
    } finally {
      ledger.killAll();
    }
    // Anything the reload wrongly restarted has had time to be replaced and show a new pid.
    waitPastStartGrace(fleet);
    record(`S6 ${label}: other pids changed`, 'count', countChanged(before, snapshot(fleet), victim.name));
  }
}
