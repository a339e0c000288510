import { parseArgs } from 'node:util';
import { PEER_NAMES, type PeerName } from './peers/peer.js';

export const SCENARIOS = ['S1', 'S2', 'S3', 'S4', 'S5', 'S6'] as const;
export type ScenarioId = (typeof SCENARIOS)[number];

export interface BenchSettings {
  quick: boolean;
  reps: number;
  scenarios: Set<ScenarioId>;
  peers: PeerName[];
  /** N for S1, S2, S4 (S3 runs in the smallest fleet). */
  fleetSizes: number[];
  /** N for S6. */
  reloadFleetSize: number;
  /** What S5's writer writes. */
  logBytes: number;
  respawnKills: number;
  idleSeconds: number;
  cliCalls: number;
  roundTrips: number;
  /** Bound on any single wait of a scenario. */
  timeoutMs: number;
  resultsDir: string | null;
  keepWorkDirs: boolean;
  /** How long to wait at the start for file creation to be quick again (see filesystem.ts). */
  maxSettleMs: number;
}

export const USAGE = `usage: npm run bench -- [options]
  --reps N           repetitions, alternating peers (default 3; --quick: 1)
  --quick            smoke mode: small N, 1 repetition, taskmaster and floor only
  --only S1,S3       scenarios to run (default all: ${SCENARIOS.join(',')})
  --peers a,b        among ${PEER_NAMES.join(',')} (default: all present on this machine)
  --sizes 100,500    fleet sizes for S1/S2/S3/S4
  --results DIR      where the raw JSON goes (default bench/results/)
  --keep             keep the temporary work directories`;

function list(value: string | undefined): string[] | undefined {
  return value?.split(',').map((item) => item.trim()).filter(Boolean);
}

/** Parses argv; throws with a message meant for the user on a bad option. */
export function parseSettings(argv: string[]): BenchSettings | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      reps: { type: 'string' },
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      peers: { type: 'string' },
      sizes: { type: 'string' },
      results: { type: 'string' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const quick = values.quick ?? false;
  const scenarios = list(values.only)?.map((id) => id.toUpperCase()) ?? [...SCENARIOS];
  for (const id of scenarios) if (!(SCENARIOS as readonly string[]).includes(id)) throw new Error(`unknown scenario ${id}`);
  const peers = list(values.peers) ?? (quick ? ['taskmaster', 'floor'] : [...PEER_NAMES]);
  for (const peer of peers) if (!(PEER_NAMES as readonly string[]).includes(peer)) throw new Error(`unknown peer ${peer}`);
  const reps = values.reps === undefined ? (quick ? 1 : 3) : Number(values.reps);
  if (!Number.isInteger(reps) || reps < 1) throw new Error(`--reps wants a positive integer, not ${values.reps}`);
  const sizes = (list(values.sizes) ?? (quick ? ['20'] : ['100', '500'])).map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 12)) throw new Error('--sizes wants integers of at least 12');
  return {
    quick,
    reps,
    scenarios: new Set(scenarios as ScenarioId[]),
    peers: peers as PeerName[],
    fleetSizes: sizes,
    reloadFleetSize: quick ? 20 : 200,
    logBytes: (quick ? 16 : 500) * 1024 * 1024,
    respawnKills: quick ? 5 : 20,
    idleSeconds: quick ? 2 : 10,
    cliCalls: quick ? 2 : 5,
    roundTrips: quick ? 20 : 200,
    timeoutMs: quick ? 20_000 : 120_000,
    resultsDir: values.results ?? null,
    keepWorkDirs: values.keep ?? false,
    maxSettleMs: quick ? 0 : 420_000,
  };
}
