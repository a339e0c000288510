/**
 * Reading instance log files for `logs` and `logs -f`: the tail is read backwards in chunks (a
 * multi-gigabyte log costs no more than its last lines), and following is driven by fs.watch.
 */
import fs from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';

const CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

const isMissing = (error: unknown): boolean => {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
};

export async function fileSize(file: string): Promise<number> {
  try {
    return (await fs.promises.stat(file)).size;
  } catch (error) {
    if (isMissing(error)) return 0;
    throw error;
  }
}

async function readAt(handle: fs.promises.FileHandle, buffer: Buffer, position: number): Promise<number> {
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}

/** The last `lines` lines exactly as written, newlines included; '' for a missing file. */
export async function readLastLines(file: string, lines: number): Promise<string> {
  if (lines <= 0) return '';
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch (error) {
    if (isMissing(error)) return '';
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const chunks: Buffer[] = [];
    let chunkStart = size;
    let textStart = 0;
    let newlinesSeen = 0;
    scan: while (chunkStart > 0) {
      const chunkEnd = chunkStart;
      chunkStart = Math.max(0, chunkEnd - CHUNK_BYTES);
      const space = Buffer.alloc(chunkEnd - chunkStart);
      // A file truncated while we read yields a short chunk; what was read is still correct text.
      const chunk = space.subarray(0, await readAt(handle, space, chunkStart));
      chunks.unshift(chunk);
      for (let i = chunk.length - 1; i >= 0; i--) {
        // The file's final newline ends the last line; it does not separate it from another.
        if (chunk[i] !== NEWLINE || chunkStart + i === size - 1) continue;
        if (++newlinesSeen === lines) {
          textStart = chunkStart + i + 1;
          break scan;
        }
      }
    }
    // Decoding once, after the cut, keeps multi-byte characters that straddle chunks intact.
    return Buffer.concat(chunks).subarray(textStart - chunkStart).toString('utf8');
  } finally {
    await handle.close();
  }
}

function inodeOf(file: string): number | null {
  try {
    return fs.statSync(file).ino;
  } catch {
    return null;
  }
}

export interface Follower {
  close(): void;
}

/**
 * Delivers bytes appended to `file` from `fromOffset` on. Watches the file itself while it exists
 * and its directory (or nearest existing ancestor) while it does not; a truncated or replaced file
 * is read again from its start.
 */
export function followFile(file: string, fromOffset: number, onText: (text: string) => void): Follower {
  const follower = new FileFollower(path.resolve(file), fromOffset, onText);
  return { close: () => follower.close() };
}

class FileFollower {
  #offset: number;
  #inode: number | null = null;
  #decoder = new StringDecoder('utf8');
  #watcher: fs.FSWatcher | null = null;
  #closed = false;
  #reading = false;
  #readAgain = false;

  constructor(
    private readonly file: string,
    fromOffset: number,
    private readonly onText: (text: string) => void,
  ) {
    this.#offset = fromOffset;
    // Pin the file the offset refers to now, so a rotation before the first read is noticed.
    this.#inode = inodeOf(file);
    this.#watch();
  }

  close(): void {
    this.#closed = true;
    this.#unwatch();
  }

  #unwatch(): void {
    this.#watcher?.close();
    this.#watcher = null;
  }

  /** (Re)attaches the right watcher, then reads: whatever was written while unwatched is not lost. */
  #watch(): void {
    if (this.#closed) return;
    this.#unwatch();
    try {
      this.#watcher = fs.watch(this.file, { persistent: true }, (event) => {
        // Renamed or deleted (log rotation): follow the name, not the old inode.
        if (event === 'rename') this.#watch();
        else this.#pump();
      });
      this.#watcher.on('error', () => this.#watch());
    } catch (error) {
      if (!isMissing(error)) throw error;
      this.#watchForCreation(path.dirname(this.file), path.basename(this.file));
    }
    this.#pump();
  }

  /** Watches `dir` for `name` to appear; climbs to the nearest existing ancestor when `dir` is missing too. */
  #watchForCreation(dir: string, name: string): void {
    try {
      this.#watcher = fs.watch(dir, { persistent: true }, (_event, changed) => {
        if ((changed === null || changed === name) && fs.existsSync(path.join(dir, name))) this.#watch();
      });
      this.#watcher.on('error', () => this.#watch());
    } catch (error) {
      if (!isMissing(error) || path.dirname(dir) === dir) throw error;
      this.#watchForCreation(path.dirname(dir), path.basename(dir));
      return;
    }
    // It may have appeared between the failed watch and this one.
    if (fs.existsSync(path.join(dir, name))) this.#watch();
  }

  #pump(): void {
    if (this.#closed) return;
    if (this.#reading) {
      this.#readAgain = true;
      return;
    }
    this.#reading = true;
    void this.#drain().finally(() => {
      this.#reading = false;
    });
  }

  async #drain(): Promise<void> {
    do {
      this.#readAgain = false;
      try {
        await this.#readNewBytes();
      } catch {
        // A read that races with rotation or deletion is retried by the next watch event.
      }
    } while (this.#readAgain && !this.#closed);
  }

  async #readNewBytes(): Promise<void> {
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(this.file, 'r');
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    try {
      const stats = await handle.stat();
      const replaced = this.#inode !== null && stats.ino !== this.#inode;
      if (replaced || stats.size < this.#offset) this.#restartAtZero();
      this.#inode = stats.ino;
      const buffer = Buffer.alloc(Math.min(CHUNK_BYTES, Math.max(1, stats.size - this.#offset)));
      while (this.#offset < stats.size && !this.#closed) {
        const length = Math.min(buffer.length, stats.size - this.#offset);
        const { bytesRead } = await handle.read(buffer, 0, length, this.#offset);
        if (bytesRead === 0) break;
        this.#offset += bytesRead;
        const text = this.#decoder.write(buffer.subarray(0, bytesRead));
        if (text !== '' && !this.#closed) this.onText(text);
      }
    } finally {
      await handle.close();
    }
  }

  #restartAtZero(): void {
    this.#offset = 0;
    this.#decoder = new StringDecoder('utf8');
  }
}

