import { cpus, release, totalmem } from 'node:os';
import type { Peer } from './peers/peer.js';

export interface MachineDescription {
  cpu: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  node: string;
  peers: Record<string, string>;
}

export function describeMachine(peers: Peer[]): MachineDescription {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: `Linux ${release()}`,
    node: process.version,
    peers: Object.fromEntries(peers.map((peer) => [peer.name, peer.version()])),
  };
}

export function formatMachine(machine: MachineDescription): string {
  const versions = Object.entries(machine.peers).map(([name, version]) => `${name} ${version}`).join(', ');
  return `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.kernel}, Node ${machine.node}; ${versions}`;
}
