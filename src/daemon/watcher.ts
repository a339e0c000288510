import { existsSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

/**
 * Calls `onChange` once per burst of changes in the units directory (an editor's temp file +
 * rename is one burst). The parent directory is watched too, so that the units directory being
 * removed and created again is noticed and watched anew. Event-driven only: no polling.
 */
export class UnitsWatcher {
  private dirWatcher: FSWatcher | null = null;
  private parentWatcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly dir: string,
    private readonly onChange: () => void,
    private readonly debounceMs = 100,
  ) {}

  start(): void {
    this.attachDir();
    try {
      this.parentWatcher = watch(dirname(this.dir), (_event, name) => {
        if (name === null || name.toString() === basename(this.dir)) {
          this.attachDir();
          this.schedule();
        }
      });
      this.parentWatcher.on('error', () => {});
    } catch {
      // No parent to watch (e.g. it does not exist): the units directory's own watch still works.
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.dirWatcher?.close();
    this.parentWatcher?.close();
  }

  private attachDir(): void {
    if (this.closed) return;
    this.dirWatcher?.close();
    this.dirWatcher = null;
    if (!existsSync(this.dir)) return;
    try {
      this.dirWatcher = watch(this.dir, () => this.schedule());
      this.dirWatcher.on('error', () => {
        this.dirWatcher?.close();
        this.dirWatcher = null;
      });
    } catch {
      this.dirWatcher = null;
    }
  }

  private schedule(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.onChange();
    }, this.debounceMs);
  }
}
