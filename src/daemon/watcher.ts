import { statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

/**
 * Calls `onChange` once per burst of changes in the units directory (an editor's temp file +
 * rename is one burst). While the directory exists only it is watched: watching its parent all
 * the time would wake the daemon for every write to any sibling (a log file, say). When it
 * disappears, or is replaced by a new directory of the same name, the parent is watched until
 * it is back, and the new directory is watched from then on. Event-driven only: no polling.
 */
export class UnitsWatcher {
  private dirWatcher: FSWatcher | null = null;
  private watchedInode: number | null = null;
  private parentWatcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly dir: string,
    private readonly onChange: () => void,
    private readonly debounceMs = 100,
  ) {}

  start(): void {
    this.follow();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.dirWatcher?.close();
    this.parentWatcher?.close();
  }

  /** Watches the directory if it exists (re-attaching if it is a new one), else its parent. */
  private follow(): void {
    const inode = inodeOf(this.dir);
    if (inode !== null && inode === this.watchedInode && this.dirWatcher) return;
    this.dirWatcher?.close();
    this.dirWatcher = null;
    this.watchedInode = null;
    if (inode !== null && this.attachDir(inode)) {
      this.parentWatcher?.close();
      this.parentWatcher = null;
    } else if (!this.parentWatcher) {
      this.attachParent();
    }
  }

  private attachDir(inode: number): boolean {
    try {
      this.dirWatcher = watch(this.dir, () => this.schedule());
      this.dirWatcher.on('error', () => this.schedule());
      this.watchedInode = inode;
      return true;
    } catch {
      return false;
    }
  }

  private attachParent(): void {
    try {
      this.parentWatcher = watch(dirname(this.dir), (_event, name) => {
        if (name === null || name.toString() === basename(this.dir)) this.schedule();
      });
      this.parentWatcher.on('error', () => {});
    } catch {
      // No parent either: the next reload (command or SIGHUP) looks again.
    }
  }

  private schedule(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.closed) return;
      this.follow();
      this.onChange();
    }, this.debounceMs);
  }
}

function inodeOf(path: string): number | null {
  try {
    const stat = statSync(path);
    return stat.isDirectory() ? stat.ino : null;
  } catch {
    return null;
  }
}
