import { closeSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';

export interface RecordedInstance {
  unit: string;
  instance: number;
  pid: number;
  /** /proc/PID/stat start time: tells our child from an unrelated process that reused the pid. */
  startTime: string;
}

/**
 * Which children the daemon has alive, kept on disk so that a daemon killed by SIGKILL can be
 * followed by one that stops the orphans before starting their units again (never two copies).
 * An append-only journal (`+ unit instance pid start` / `- unit instance`) keeps the cost of a
 * spawn to one small write; it is compacted when it grows well past the live set.
 */
export class CrashJournal {
  private fd: number;
  private readonly live = new Map<string, RecordedInstance>();
  private linesWritten = 0;
  private closed = false;

  private constructor(
    private readonly path: string,
    readonly previous: RecordedInstance[],
  ) {
    writeFileSync(path, '', { mode: 0o600 });
    this.fd = openSync(path, 'a');
  }

  /** Reads what a previous daemon recorded, then starts an empty journal. */
  static open(path: string): CrashJournal {
    return new CrashJournal(path, readJournal(path));
  }

  record(entry: RecordedInstance): void {
    if (this.closed) return;
    this.live.set(key(entry.unit, entry.instance), entry);
    this.append(`+ ${entry.unit} ${entry.instance} ${entry.pid} ${entry.startTime}\n`);
  }

  forget(unit: string, instance: number): void {
    if (this.closed) return;
    if (!this.live.delete(key(unit, instance))) return;
    this.append(`- ${unit} ${instance}\n`);
  }

  /** A clean shutdown leaves nothing to recover. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
    writeFileSync(this.path, '');
  }

  private append(line: string): void {
    writeSync(this.fd, line);
    if (++this.linesWritten > 1000 + 4 * this.live.size) this.compact();
  }

  private compact(): void {
    const temp = `${this.path}.tmp`;
    const lines = [...this.live.values()].map((e) => `+ ${e.unit} ${e.instance} ${e.pid} ${e.startTime}\n`);
    writeFileSync(temp, lines.join(''), { mode: 0o600 });
    renameSync(temp, this.path);
    closeSync(this.fd);
    this.fd = openSync(this.path, 'a');
    this.linesWritten = lines.length;
  }
}

function key(unit: string, instance: number): string {
  return `${unit}\0${instance}`;
}

function readJournal(path: string): RecordedInstance[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  const live = new Map<string, RecordedInstance>();
  for (const line of text.split('\n')) {
    const [op, unit, instanceText, pidText, startTime] = line.split(' ');
    const instance = Number(instanceText);
    if (!unit || !Number.isInteger(instance)) continue;
    if (op === '+' && Number.isInteger(Number(pidText)) && startTime) {
      live.set(key(unit, instance), { unit, instance, pid: Number(pidText), startTime });
    } else if (op === '-') {
      live.delete(key(unit, instance));
    }
  }
  return [...live.values()];
}
