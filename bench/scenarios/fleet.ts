import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { now, pollSync, sleepSync } from '../clock.js';
import type { LaunchedPeer, Peer } from '../peers/peer.js';
import { ProgramCensus, type ProgramSpec } from '../programs.js';

/** A supervisor running a set of programs, with the means to find them in /proc. */
export interface Fleet {
  peer: Peer;
  launched: LaunchedPeer;
  programs: ProgramSpec[];
  census: ProgramCensus;
  rootPid: number;
  workDir: string;
}

/**
 * Configures `peer` for `programs`, launches it and waits until every program's process exists
 * (exec'd, seen in /proc under the supervisor). Returns the fleet and the time from the launch:
 * S1's figure.
 * On timeout the supervisor is stopped before the error propagates.
 */
export function launchFleet(peer: Peer, programs: ProgramSpec[], workDir: string, timeoutMs: number): { fleet: Fleet; ms: number } {
  mkdirSync(workDir, { recursive: true });
  const census = new ProgramCensus(programs);
  peer.configure(programs, workDir);
  const started = now();
  const launched = peer.launch(workDir, programs);
  try {
    const rootPid = launched.rootPid();
    pollSync(() => (census.take(rootPid).programs.size >= programs.length ? true : undefined), {
      what: `${programs.length} programs under ${peer.name}`,
      timeoutMs,
      // Coarse enough to leave the CPU to the supervisor, fine enough for a figure of 100+ ms.
      intervalMs: 3,
    });
    const ms = now() - started;
    return { fleet: { peer, launched, programs, census, rootPid, workDir }, ms };
  } catch (error) {
    launched.stop();
    throw error;
  }
}

/** Waits until every program has outlived its start grace (RUNNING), plus a margin for the supervisor to notice. */
export function waitPastStartGrace(fleet: Fleet, marginMs = 500): void {
  const graceMs = Math.max(...fleet.programs.map((program) => program.startSeconds)) * 1000;
  sleepSync(graceMs + marginMs);
}
