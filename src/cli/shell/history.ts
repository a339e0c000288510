import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const HISTORY_LIMIT = 1000;

/**
 * The shell's command history in a plain file, one command a line, oldest first. Appended after each
 * command so that a crash loses nothing; trimmed back to the limit when it has grown to twice it, so
 * that appends stay cheap.
 */
export class HistoryFile {
  private lines = 0;

  constructor(
    readonly path: string,
    private readonly limit = HISTORY_LIMIT,
  ) {}

  /** Newest first, as readline's `history` option wants; a missing or unreadable file is an empty history. */
  load(): string[] {
    let entries: string[];
    try {
      entries = readFileSync(this.path, 'utf8').split('\n').filter((line) => line.trim() !== '');
    } catch {
      entries = [];
    }
    if (entries.length > this.limit) {
      entries = entries.slice(-this.limit);
      this.rewrite(entries);
    }
    this.lines = entries.length;
    return entries.reverse();
  }

  append(line: string): void {
    if (line.trim() === '' || line.includes('\n')) return;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      appendFileSync(this.path, line + '\n');
      if (++this.lines >= 2 * this.limit) this.load();
    } catch {
      // History is a convenience: a read-only state directory must not break the shell.
    }
  }

  private rewrite(entries: string[]): void {
    try {
      writeFileSync(this.path, entries.map((line) => line + '\n').join(''));
    } catch {
      // As in append: losing history is better than failing the command.
    }
  }
}
