import { timeCommand } from '../processes.js';
import { median, type RecordFigure } from '../results.js';
import type { Fleet } from './fleet.js';

/**
 * S4: wall time of the CLI call that lists every program as a user would run it, and, where the
 * peer has a client library, the protocol round trip of `status` over one persistent connection.
 */
export async function measureControl(fleet: Fleet, calls: number, roundTrips: number, record: RecordFigure): Promise<void> {
  const n = fleet.programs.length;
  const command = fleet.launched.statusCommand();
  if (command) {
    const times: number[] = [];
    for (let i = 0; i < calls; i++) {
      const { ms, ok } = timeCommand(command);
      if (!ok) throw new Error(`${command.argv.join(' ')} failed`);
      times.push(ms);
    }
    record(`S4 CLI status N=${n}`, 'ms', median(times), times);
  }
  if (fleet.launched.protocolRoundTrips) {
    const latencies = await fleet.launched.protocolRoundTrips(roundTrips);
    record(`S4 protocol round trip N=${n}`, 'ms', median(latencies), latencies);
  }
}

/** The cost of starting Node and doing nothing: what a CLI written in Node cannot go below. */
export function measureBareNode(calls: number, record: RecordFigure): void {
  const times: number[] = [];
  for (let i = 0; i < calls; i++) times.push(timeCommand({ argv: [process.execPath, '-e', '0'] }).ms);
  record('S4 bare node -e 0', 'ms', median(times), times);
}
