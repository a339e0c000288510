/**
 * Coalesces redraws. A key press asks for `soon` (next turn of the event loop, so it shows at once
 * even under a flood of events); events and stats ask for `later`, at most one draw per interval.
 */
export class RenderScheduler {
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private stopped = false;

  constructor(
    private readonly draw: () => void,
    private readonly intervalMs = 50,
  ) {}

  soon(): void {
    if (this.stopped || this.immediate) return;
    this.immediate = setImmediate(() => this.flush());
  }

  later(): void {
    if (this.stopped || this.timer || this.immediate) return;
    this.timer = setTimeout(() => this.flush(), this.intervalMs);
  }

  stop(): void {
    this.stopped = true;
    this.cancel();
  }

  private flush(): void {
    this.cancel();
    if (!this.stopped) this.draw();
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
  }
}
