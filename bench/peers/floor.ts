import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { floorScript } from '../locations.js';
import { launchDetached, ProcessLedger, signal, stopTree } from '../processes.js';
import type { ProgramSpec } from '../programs.js';
import type { LaunchedPeer, Peer } from './peer.js';

const configFile = (workDir: string) => join(workDir, 'programs.json');

/** The plain-Node reference supervisor (floor-supervisor.ts): spawn, respawn, nothing else. */
export class FloorPeer implements Peer {
  readonly name = 'floor' as const;

  unavailableReason(): string | null {
    return null;
  }

  version(): string {
    return `node ${process.version}`;
  }

  configure(programs: ProgramSpec[], workDir: string): void {
    const entries = programs.map(({ argv, autorestart, stdoutPath }) => ({ argv, autorestart, stdoutPath }));
    writeFileSync(configFile(workDir), JSON.stringify(entries));
  }

  launch(workDir: string): LaunchedPeer {
    const pid = launchDetached({ argv: [process.execPath, floorScript, configFile(workDir)] }, join(workDir, 'floor.out'));
    const ledger = new ProcessLedger();
    ledger.record(pid);
    return {
      rootPid: () => pid,
      statusCommand: () => null,
      // No graceful way: it is the floor. Frozen first so it respawns nothing while its tree is read.
      stop: () =>
        stopTree(pid, ledger, () => {
          signal(pid, 'SIGSTOP');
          ledger.recordTree(pid);
          signal(pid, 'SIGKILL');
        }),
    };
  }
}
