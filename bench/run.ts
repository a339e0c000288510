import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatSettleReport, removeLargeFiles, settleFilesystem, type SettleReport } from './filesystem.js';
import { findCheckout } from './locations.js';
import { describeMachine, formatMachine } from './machine.js';
import { parseSettings, USAGE, type BenchSettings, type ScenarioId } from './options.js';
import { FloorPeer } from './peers/floor.js';
import type { Peer, PeerName } from './peers/peer.js';
import { Pm2Peer } from './peers/pm2.js';
import { SupervisordPeer } from './peers/supervisord.js';
import { TaskmasterPeer } from './peers/taskmaster.js';
import { sleepPrograms } from './programs.js';
import { Recorder, type RecordFigure, type Subject } from './results.js';
import { launchFleet, waitPastStartGrace } from './scenarios/fleet.js';
import { measureFootprint } from './scenarios/s2-footprint.js';
import { measureRespawn } from './scenarios/s3-respawn.js';
import { measureBareNode, measureControl } from './scenarios/s4-control.js';
import { measureLogThroughput, measureStraightToFile } from './scenarios/s5-log-throughput.js';
import { measureReload } from './scenarios/s6-reload.js';
import { formatTables } from './table.js';

const ALL_PEERS: Record<PeerName, () => Peer> = {
  taskmaster: () => new TaskmasterPeer(),
  floor: () => new FloorPeer(),
  supervisord: () => new SupervisordPeer(),
  pm2: () => new Pm2Peer(),
};

/** Progress goes to stderr, so stdout holds only the tables. */
function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

class BenchRun {
  readonly recorder = new Recorder();
  private readonly root = mkdtempSync(join(tmpdir(), 'taskmaster-bench-'));
  private series = 0;

  constructor(
    private readonly settings: BenchSettings,
    private readonly peers: Peer[],
  ) {}

  private has(id: ScenarioId): boolean {
    return this.settings.scenarios.has(id);
  }

  private workDir(label: string): string {
    return join(this.root, `${String(++this.series).padStart(3, '0')}-${label}`);
  }

  private recordFor(subject: Subject, rep: number): RecordFigure {
    return (metric, unit, value, raw) => this.recorder.add({ metric, unit, subject, rep, value, raw });
  }

  /**
   * Frees a finished scenario's disk space but keeps its inodes until the run ends. ext4 without a
   * journal (as on the reference VM) steps over every inode freed in the last minutes, one by one,
   * when it allocates a new one: deleting a fleet's thousands of log files here made the next
   * peer's cold start pay for the harness's cleanup (1,000 files: 20 ms after a quiet spell, 0.5 s
   * right after a deletion).
   */
  private freeDiskSpace(dir: string): void {
    if (!this.settings.keepWorkDirs) removeLargeFiles(dir, 1 << 20);
  }

  /** One scenario for one subject; a failure is recorded and the run goes on. */
  private async attempt(scenario: string, subject: Subject, rep: number, body: () => void | Promise<void>): Promise<void> {
    try {
      await body();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.recorder.fail({ scenario, subject, rep, message });
      progress(`${scenario} ${subject} rep ${rep}: FAILED: ${message}`);
    }
  }

  /** S1 launches a fleet; S2, S4 and (in the smallest fleet) S3 measure it while it runs. */
  private async fleetScenarios(peer: Peer, size: number, rep: number): Promise<void> {
    const { settings } = this;
    const record = this.recordFor(peer.name, rep);
    const dir = this.workDir(`${peer.name}-fleet${size}`);
    await this.attempt(`fleet N=${size}`, peer.name, rep, async () => {
      const { fleet, ms } = launchFleet(peer, sleepPrograms(size, this.series), dir, settings.timeoutMs);
      try {
        if (this.has('S1')) record(`S1 cold start N=${size}`, 'ms', ms);
        waitPastStartGrace(fleet);
        if (this.has('S2')) measureFootprint(fleet, settings.idleSeconds, record);
        if (this.has('S4')) await measureControl(fleet, settings.cliCalls, settings.roundTrips, record);
        if (this.has('S3') && size === Math.min(...settings.fleetSizes)) measureRespawn(fleet, settings.respawnKills, record);
      } finally {
        fleet.launched.stop();
      }
    });
    this.freeDiskSpace(dir);
  }

  private async logScenario(peer: Peer | null, rep: number): Promise<void> {
    const { settings } = this;
    const subject = peer?.name ?? 'reference';
    const dir = this.workDir(`${subject}-log`);
    await this.attempt('S5', subject, rep, () =>
      peer
        ? measureLogThroughput(peer, settings.logBytes, dir, settings.timeoutMs, this.recordFor(subject, rep))
        : measureStraightToFile(settings.logBytes, dir, settings.timeoutMs, this.recordFor(subject, rep)),
    );
    this.freeDiskSpace(dir);
  }

  private async reloadScenario(peer: Peer, rep: number): Promise<void> {
    const { settings } = this;
    const size = settings.reloadFleetSize;
    const dir = this.workDir(`${peer.name}-reload${size}`);
    await this.attempt('S6', peer.name, rep, () => {
      const { fleet } = launchFleet(peer, sleepPrograms(size, this.series), dir, settings.timeoutMs);
      try {
        waitPastStartGrace(fleet);
        measureReload(fleet, settings.timeoutMs, this.recordFor(peer.name, rep));
      } finally {
        fleet.launched.stop();
      }
    });
    this.freeDiskSpace(dir);
  }

  /**
   * One small unrecorded launch of every peer first: the first launch of a run otherwise also
   * measures reading each peer's code from disk (a third slower for Taskmaster and the floor alike).
   */
  private async warmUp(): Promise<void> {
    for (const peer of this.peers) {
      progress(`warm-up: ${peer.name}`);
      const dir = this.workDir(`${peer.name}-warm-up`);
      await this.attempt('warm-up', peer.name, 0, () => {
        const { fleet } = launchFleet(peer, sleepPrograms(10, this.series), dir, this.settings.timeoutMs);
        fleet.launched.stop();
      });
    }
  }

  /**
   * Every repetition runs every scenario for every peer, in an order rotated per repetition.
   * Resolves with the state the filesystem was in when the measurements began.
   */
  async run(): Promise<SettleReport> {
    const { settings } = this;
    const filesystem = settleFilesystem(this.root, settings.maxSettleMs, progress);
    const needsFleet = ['S1', 'S2', 'S3', 'S4'].some((id) => this.has(id as ScenarioId));
    if (needsFleet || this.has('S6')) await this.warmUp();
    for (let rep = 1; rep <= settings.reps; rep++) {
      const order = this.peers.map((_, i) => this.peers[(i + rep - 1) % this.peers.length]);
      if (needsFleet) {
        for (const size of settings.fleetSizes) {
          for (const peer of order) {
            progress(`rep ${rep}/${settings.reps}: ${peer.name}, fleet of ${size}`);
            await this.fleetScenarios(peer, size, rep);
          }
        }
        if (this.has('S4')) measureBareNode(settings.cliCalls, this.recordFor('reference', rep));
        this.deriveRssPerUnit(rep);
      }
      if (this.has('S5')) {
        progress(`rep ${rep}/${settings.reps}: S5 log throughput`);
        // The straight-to-file reference takes its turn in the rotation like a peer.
        const writers = [null, ...this.peers];
        for (let i = 0; i < writers.length; i++) await this.logScenario(writers[(i + rep - 1) % writers.length], rep);
      }
      if (this.has('S6')) {
        for (const peer of order) {
          if (peer.name === 'floor') continue; // The floor has no configuration to reload.
          progress(`rep ${rep}/${settings.reps}: ${peer.name}, reload in a fleet of ${settings.reloadFleetSize}`);
          await this.reloadScenario(peer, rep);
        }
      }
    }
    return filesystem;
  }

  /** How RSS grows per program, from the smallest and the largest fleet of the same repetition. */
  private deriveRssPerUnit(rep: number): void {
    const sizes = this.settings.fleetSizes;
    const small = Math.min(...sizes);
    const large = Math.max(...sizes);
    if (!this.has('S2') || small === large) return;
    for (const peer of this.peers) {
      const rss = (n: number) => this.recorder.samples.find((s) => s.metric === `S2 RSS N=${n}` && s.subject === peer.name && s.rep === rep);
      const smallRss = rss(small);
      const largeRss = rss(large);
      if (!smallRss || !largeRss) continue;
      const kbPerUnit = ((largeRss.value - smallRss.value) * 1000) / (large - small);
      this.recordFor(peer.name, rep)('S2 RSS growth per unit', 'kB', kbPerUnit);
    }
  }

  removeRoot(): void {
    if (!this.settings.keepWorkDirs) rmSync(this.root, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  let settings: BenchSettings | 'help';
  try {
    settings = parseSettings(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : error}\n${USAGE}\n`);
    return 2;
  }
  if (settings === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const peers: Peer[] = [];
  for (const name of settings.peers) {
    const peer = ALL_PEERS[name]();
    const reason = peer.unavailableReason();
    if (reason) progress(`skipping ${name}: ${reason}`);
    else peers.push(peer);
  }
  const machine = describeMachine(peers);
  const bench = new BenchRun(settings, peers);
  const startedAt = new Date();
  let filesystem: SettleReport;
  try {
    filesystem = await bench.run();
  } finally {
    bench.removeRoot();
  }
  const { recorder } = bench;
  const resultsDir = settings.resultsDir ?? join(findCheckout(), 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const resultsFile = join(resultsDir, `bench-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  const { scenarios, ...rest } = settings;
  writeFileSync(
    resultsFile,
    JSON.stringify({ startedAt, machine, filesystem, settings: { ...rest, scenarios: [...scenarios] }, samples: recorder.samples, failures: recorder.failures }, null, 2),
  );
  process.stdout.write(`Machine: ${formatMachine(machine)}\n`);
  process.stdout.write(`Filesystem at the start: ${formatSettleReport(filesystem)}\n`);
  process.stdout.write(`Medians of ${settings.reps} repetition(s); raw figures in ${resultsFile}\n\n`);
  process.stdout.write(`${formatTables(recorder, peers.map((peer) => peer.name))}\n`);
  if (recorder.failures.length > 0) {
    process.stdout.write(`\nFailures:\n${recorder.failures.map((f) => `  ${f.scenario} ${f.subject} rep ${f.rep}: ${f.message}`).join('\n')}\n`);
  }
  return recorder.failures.length > 0 ? 1 : 0;
}

process.exitCode = await main();
