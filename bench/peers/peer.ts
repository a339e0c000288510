import type { ProgramSpec } from '../programs.js';
import type { Command } from '../processes.js';

export const PEER_NAMES = ['taskmaster', 'floor', 'supervisord', 'pm2'] as const;
export type PeerName = (typeof PEER_NAMES)[number];

/** A supervisor under test, as the scenarios see it: configure, launch, query, reload, stop. */
export interface Peer {
  readonly name: PeerName;
  /** Null when it can run on this machine; otherwise why it cannot (the run skips it). */
  unavailableReason(): string | null;
  /** Its version, for the record of the run. */
  version(): string;
  /**
   * Writes its configuration for `programs` under `workDir`. Not timed: S1's clock starts at
   * `launch`, so a peer with a file per program (Taskmaster, supervisord) is not charged for the
   * harness writing them.
   */
  configure(programs: ProgramSpec[], workDir: string): void;
  /** Launches it on the configuration `configure` wrote under `workDir`; returns at once. */
  launch(workDir: string, programs: ProgramSpec[]): LaunchedPeer;
}

export interface LaunchedPeer {
  /** The process whose tree holds the programs (waits for it where a CLI starts the daemon). */
  rootPid(): number;
  /** The command a user runs to list every program as data (S4), or null when there is none. */
  statusCommand(): Command | null;
  /** Latencies in ms of `count` status requests over one persistent connection (S4), where the peer has a protocol client. */
  protocolRoundTrips?(count: number): Promise<number[]>;
  /**
   * Writes the changed program into the configuration where no file watcher sees it, and returns
   * the command that makes the supervisor apply it (S6); absent when the peer cannot reload.
   */
  rewriteForReloadCommand?(program: ProgramSpec): Command;
  /** Writes the changed program where the supervisor's file watcher sees it (S6), for peers that watch. */
  rewriteForWatcher?(program: ProgramSpec): void;
  /** Stops the supervisor and every process it started; bounded in time. */
  stop(): void;
}
