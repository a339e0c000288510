import { MAX_LINE_BYTES } from './version.js';

/**
 * Splits a stream of text chunks into lines (NDJSON framing). Kept free of `node:` modules so the
 * same code frames the daemon's and every client's side. A line longer than `maxLength` is reported
 * once through `onOverflow` and the decoder then refuses further input.
 */
export class LineDecoder {
  private pending = '';
  private overflowed = false;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly onOverflow: () => void,
    private readonly maxLength = MAX_LINE_BYTES,
  ) {}

  push(chunk: string): void {
    if (this.overflowed) return;
    let start = 0;
    let newline = chunk.indexOf('\n');
    while (newline !== -1) {
      const line = this.pending + chunk.slice(start, newline);
      this.pending = '';
      if (line.length > this.maxLength) return this.overflow();
      if (line.trim() !== '') this.onLine(line);
      if (this.overflowed) return;
      start = newline + 1;
      newline = chunk.indexOf('\n', start);
    }
    this.pending += chunk.slice(start);
    if (this.pending.length > this.maxLength) this.overflow();
  }

  private overflow(): void {
    this.overflowed = true;
    this.pending = '';
    this.onOverflow();
  }
}

export function encodeLine(message: unknown): string {
  return JSON.stringify(message) + '\n';
}
