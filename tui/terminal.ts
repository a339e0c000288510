import { openSync, readSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { blessed, type Widgets } from './blessed.js';

/** The magic number of the original terminfo format, the only one blessed 0.1.81 can parse. */
const LEGACY_TERMINFO_MAGIC = 0o432;

function terminfoDirectories(env: NodeJS.ProcessEnv): string[] {
  return [
    env.TERMINFO ?? '',
    ...(env.TERMINFO_DIRS ?? '').split(':'),
    env.HOME ? join(env.HOME, '.terminfo') : '',
    '/etc/terminfo',
    '/lib/terminfo',
    '/usr/share/terminfo',
    '/usr/lib/terminfo',
  ].filter((dir) => dir !== '');
}

function terminfoMagic(file: string): number | null {
  let fd: number | null = null;
  try {
    fd = openSync(file, 'r');
    const header = Buffer.alloc(2);
    if (readSync(fd, header, 0, 2, 0) !== 2) return null;
    return header.readUInt16LE(0);
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/**
 * The terminal name to give blessed. ncurses 6 writes entries such as xterm-256color in the
 * extended (32-bit) format, which blessed misreads into garbage; plain `xterm` has the eight
 * colours the TUI uses and is still in the legacy format on Debian, so it is the fallback.
 */
export function chooseTerminal(env: NodeJS.ProcessEnv = process.env): string {
  const term = env.TERM;
  if (!term || term === 'dumb' || term.includes('/')) return 'xterm';
  for (const dir of terminfoDirectories(env)) {
    const magic = terminfoMagic(join(dir, term[0], term));
    if (magic === null) continue;
    return magic === LEGACY_TERMINFO_MAGIC ? term : 'xterm';
  }
  return 'xterm';
}

/** https://no-color.org: present and non-empty turns colour off. */
export function colourEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return !env.NO_COLOR;
}

export function createScreen(title: string): Widgets.Screen {
  // Box lines drawn with Unicode rather than the ACS charset, whose letters show when the
  // terminal (or tmux) does not switch charsets the way terminfo claims.
  process.env.NCURSES_NO_UTF8_ACS ??= '1';
  return blessed.screen({
    terminal: chooseTerminal(),
    smartCSR: true,
    fullUnicode: false,
    warnings: false,
    autoPadding: true,
    dockBorders: true,
    title,
  } as Widgets.IScreenOptions);
}
