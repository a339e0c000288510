import { App } from './app.js';
import { colourEnabled, createScreen } from './terminal.js';

export interface TuiOptions {
  socket: string;
}

/**
 * Attaches the TUI to the daemon on `socket` until the user detaches (`q`) or SIGTERM/SIGHUP
 * arrives. The daemon keeps running either way. The terminal is restored on every way out; an
 * uncaught exception rejects the promise after restoring it, so the caller decides how to exit.
 */
export function runTui(options: TuiOptions): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const screen = createScreen('taskmaster');
    let finished = false;

    const finish = (error?: unknown): void => {
      if (finished) return;
      finished = true;
      process.off('SIGTERM', onSignal);
      process.off('SIGHUP', onSignal);
      process.off('uncaughtException', onCrash);
      app.stop();
      screen.destroy();
      if (error === undefined) resolve();
      else reject(error);
    };
    const onSignal = (): void => finish();
    const onCrash = (error: unknown): void => finish(error);

    process.on('SIGTERM', onSignal);
    process.on('SIGHUP', onSignal);
    process.on('uncaughtException', onCrash);

    const app = new App(screen, options.socket, colourEnabled(), () => finish());
    screen.program.hideCursor();
    app.start();
  });
}
