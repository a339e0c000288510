/**
 * Which row is selected and which slice of the list is on screen. The selection follows its row's
 * key when rows come and go, and falls back to the nearest position when that row disappears.
 */
export class Selection {
  private index = 0;
  private key: string | null = null;
  private scrollTop = 0;

  /** Re-finds the selected row after the list changed; returns its index. */
  reconcile(keys: readonly { key: string }[]): number {
    if (keys.length === 0) {
      this.index = 0;
      this.key = null;
      return 0;
    }
    if (this.key !== null && keys[this.index]?.key !== this.key) {
      const found = keys.findIndex((row) => row.key === this.key);
      if (found !== -1) this.index = found;
    }
    this.index = Math.min(Math.max(0, this.index), keys.length - 1);
    this.key = keys[this.index].key;
    return this.index;
  }

  move(keys: readonly { key: string }[], delta: number): void {
    this.reconcile(keys);
    if (keys.length === 0) return;
    this.index = Math.min(Math.max(0, this.index + delta), keys.length - 1);
    this.key = keys[this.index].key;
  }

  moveTo(keys: readonly { key: string }[], index: number): void {
    this.move(keys, index - this.index);
  }

  get selectedKey(): string | null {
    return this.key;
  }

  /** The first row to draw so that the selected one is inside a window of `height` rows. */
  windowStart(total: number, height: number): number {
    if (height <= 0 || total <= height) return (this.scrollTop = 0);
    if (this.index < this.scrollTop) this.scrollTop = this.index;
    else if (this.index >= this.scrollTop + height) this.scrollTop = this.index - height + 1;
    this.scrollTop = Math.min(this.scrollTop, total - height);
    return this.scrollTop;
  }
}
