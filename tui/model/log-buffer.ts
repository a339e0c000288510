/** How many lines the log pane keeps; older ones are dropped so a chatty unit cannot grow memory. */
export const LOG_BUFFER_LINES = 2000;

// Escape sequences and control characters from a program's output would move blessed's cursor or
// change colours behind its back, so the pane shows the printable text only.
const ESCAPE_SEQUENCES = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])/g;
const CONTROL_CHARACTERS = /[\x00-\x08\x0b-\x1f\x7f]/g;

export function sanitizeLogText(text: string): string {
  return text.replace(ESCAPE_SEQUENCES, '').replace(/\t/g, '    ').replace(CONTROL_CHARACTERS, '');
}

/**
 * A capped list of log lines fed with arbitrary chunks: a chunk may end mid-line, and the next one
 * continues that line. `scrollBack` counts screen lines above the bottom; 0 means following.
 */
export class LogBuffer {
  private lines: string[] = [];
  private lastLineOpen = false;
  private scrollBack = 0;

  constructor(private readonly capacity = LOG_BUFFER_LINES) {}

  clear(): void {
    this.lines = [];
    this.lastLineOpen = false;
    this.scrollBack = 0;
  }

  append(chunk: string): void {
    if (chunk === '') return;
    const pieces = sanitizeLogText(chunk).split('\n');
    const endsWithNewline = pieces[pieces.length - 1] === '';
    if (endsWithNewline) pieces.pop();
    if (this.lastLineOpen && pieces.length > 0) this.lines[this.lines.length - 1] += pieces.shift();
    this.lines.push(...pieces);
    this.lastLineOpen = !endsWithNewline;
    if (this.lines.length > this.capacity) this.lines.splice(0, this.lines.length - this.capacity);
  }

  get lineCount(): number {
    return this.lines.length;
  }

  get following(): boolean {
    return this.scrollBack === 0;
  }

  scroll(deltaUp: number): void {
    this.scrollBack = Math.max(0, this.scrollBack + deltaUp);
  }

  scrollToTop(): void {
    this.scrollBack = Number.MAX_SAFE_INTEGER;
  }

  followTail(): void {
    this.scrollBack = 0;
  }

  /**
   * The `height` screen lines to show at `width` columns, long lines wrapped. Walks back from the
   * bottom, so the work is proportional to the window, not the buffer.
   */
  window(width: number, height: number): string[] {
    const columns = Math.max(1, width);
    const wanted = height + this.scrollBack;
    const screenLines: string[] = [];
    for (let i = this.lines.length - 1; i >= 0 && screenLines.length < wanted; i--) {
      const wrapped = wrap(this.lines[i], columns);
      for (let j = wrapped.length - 1; j >= 0; j--) screenLines.push(wrapped[j]);
    }
    screenLines.reverse();
    const maxBack = Math.max(0, screenLines.length - height);
    if (this.scrollBack > maxBack) this.scrollBack = maxBack;
    const end = screenLines.length - this.scrollBack;
    return screenLines.slice(Math.max(0, end - height), end);
  }
}

function wrap(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const parts: string[] = [];
  for (let start = 0; start < line.length; start += width) parts.push(line.slice(start, start + width));
  return parts;
}
