import { closeSync, mkdirSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { now, sleepSync } from './clock.js';

/** Deletes the regular files of `dir`'s tree that are larger than `bytes` (S5's logs). */
export function removeLargeFiles(dir: string, bytes: number): void {
  let entries;
  try {
    entries = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry);
    try {
      const stats = statSync(path);
      if (stats.isFile() && stats.size > bytes) rmSync(path);
    } catch {
      // Gone already, or a dangling socket: nothing to free.
    }
  }
}

const PROBE_FILES = 500;
/** A quiet ext4 creates 500 empty files in 10-15 ms; right after mass deletions it takes 0.1-0.3 s. */
const QUIET_PROBE_MS = 50;
const PROBE_EVERY_MS = 15_000;

export interface SettleReport {
  /** The last probe: how long creating PROBE_FILES empty files took. */
  probeMs: number;
  waitedMs: number;
  quiet: boolean;
}

/**
 * Waits until creating files is as fast as on a quiet filesystem, for at most `maxWaitMs`. ext4
 * without a journal (the reference VM's root) steps over every inode freed in the last minutes
 * when it allocates one, so for up to six minutes after a mass deletion (a test run, the previous
 * bench run's cleanup) every file creation is slow. That would charge the peers that create files
 * (log files, unit files) for whatever ran before the bench, and the floor, which creates none,
 * not at all. The probe files stay in `dir` until the run ends: deleting them would do it again.
 */
export function settleFilesystem(dir: string, maxWaitMs: number, progress: (message: string) => void): SettleReport {
  const started = now();
  for (let probe = 1; ; probe++) {
    const probeMs = timeFileCreation(join(dir, `settle-probe-${probe}`));
    const waitedMs = now() - started;
    if (probeMs <= QUIET_PROBE_MS) return { probeMs, waitedMs, quiet: true };
    if (waitedMs + PROBE_EVERY_MS > maxWaitMs) return { probeMs, waitedMs, quiet: false };
    progress(`filesystem busy: ${PROBE_FILES} file creations took ${probeMs.toFixed(0)} ms (quiet: ≤ ${QUIET_PROBE_MS}); waiting`);
    sleepSync(PROBE_EVERY_MS);
  }
}

function timeFileCreation(dir: string): number {
  mkdirSync(dir, { recursive: true });
  const started = now();
  for (let i = 0; i < PROBE_FILES; i++) closeSync(openSync(join(dir, String(i)), 'w'));
  return now() - started;
}

export function formatSettleReport(report: SettleReport): string {
  const probe = `${PROBE_FILES} file creations in ${report.probeMs.toFixed(0)} ms`;
  const waited = report.waitedMs >= 1000 ? ` after waiting ${(report.waitedMs / 1000).toFixed(0)} s` : '';
  return report.quiet
    ? `quiet (${probe}${waited})`
    : `NOT quiet (${probe}${waited}): figures of peers that create files are inflated`;
}
