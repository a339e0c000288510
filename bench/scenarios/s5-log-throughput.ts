import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { now, pollSync } from '../clock.js';
import type { Peer } from '../peers/peer.js';
import { CLOCK_TICKS_PER_SECOND, sumCpuTicks } from '../proc.js';
import { launchDetached, ProcessLedger } from '../processes.js';
import { HEAD, ProgramCensus, type ProgramSpec } from '../programs.js';
import type { RecordFigure } from '../results.js';

const MIB = 1024 * 1024;

function fileSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

function waitForBytes(path: string, bytes: number, timeoutMs: number): void {
  try {
    pollSync(() => (fileSize(path) >= bytes ? true : undefined), { what: `${bytes / MIB} MiB in ${path}`, timeoutMs, intervalMs: 2 });
  } catch (error) {
    throw new Error(`${(error as Error).message} (the file holds ${(fileSize(path) / MIB).toFixed(1)} MiB)`);
  }
}

/** The writer: `head -c BYTES /dev/zero`, as fast as the pipe or file takes it, exiting at the end. */
function writerArgv(bytes: number): string[] {
  return [HEAD, '-c', String(bytes), '/dev/zero'];
}

/**
 * S5: one program writes `bytes` to stdout; time from its process existing until its log file
 * holds every byte, and the supervisor's CPU seconds over that time.
 */
export function measureLogThroughput(peer: Peer, bytes: number, workDir: string, timeoutMs: number, record: RecordFigure): void {
  // A directory of its own, as a log directory would be. Not the work dir itself: that is the
  // parent of Taskmaster's units directory, which its watcher also watches, so every write there
  // wakes the daemon (0.3-0.4 s of CPU for 500 MiB) -- a finding of its own, not what S5 measures.
  const logDir = join(workDir, 'output');
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, 'writer.log');
  // Started once, finished once: no start grace to fail, no restart to append a second copy.
  const writer: ProgramSpec = { name: 'writer', argv: writerArgv(bytes), startSeconds: 0, autorestart: false, stdoutPath: logFile };
  const census = new ProgramCensus([writer]);
  peer.configure([writer], workDir);
  const launched = peer.launch(workDir, [writer]);
  try {
    const rootPid = launched.rootPid();
    pollSync(() => census.take(rootPid).programs.get(writer.name), { what: 'the writer', timeoutMs, intervalMs: 1 });
    const started = now();
    const supervisorPids = census.take(rootPid).supervisorPids;
    const ticksBefore = sumCpuTicks(supervisorPids);
    waitForBytes(logFile, bytes, timeoutMs);
    const seconds = (now() - started) / 1000;
    const cpuSeconds = (sumCpuTicks(supervisorPids) - ticksBefore) / CLOCK_TICKS_PER_SECOND;
    record('S5 log throughput', 'MiB/s', bytes / MIB / seconds);
    record('S5 supervisor CPU', 's', cpuSeconds);
  } finally {
    launched.stop();
  }
}

/** The reference: the same writer with stdout redirected straight to a file by its parent. */
export function measureStraightToFile(bytes: number, workDir: string, timeoutMs: number, record: RecordFigure): void {
  mkdirSync(workDir, { recursive: true });
  const logFile = join(workDir, 'writer.log');
  const ledger = new ProcessLedger();
  const started = now();
  const pid = launchDetached({ argv: writerArgv(bytes) }, logFile);
  ledger.record(pid);
  try {
    waitForBytes(logFile, bytes, timeoutMs);
    record('S5 log throughput', 'MiB/s', bytes / MIB / ((now() - started) / 1000));
  } finally {
    ledger.killAll();
  }
}
