import { createConnection } from 'node:net';
import { existsSync, unlinkSync } from 'node:fs';

/** Another daemon already answers on the socket path: a second one must not start. */
export class SocketInUseError extends Error {
  constructor(readonly socketPath: string) {
    super(`another taskmaster daemon is already listening on ${socketPath}`);
  }
}

/**
 * Makes the socket path free for us: a live socket means another daemon (refuse), a file nobody
 * answers on is a stale leftover of a crash (remove it).
 */
export async function claimSocketPath(socketPath: string): Promise<void> {
  // The usual case at boot: nothing there, so no connection attempt (and no turn of the event loop).
  if (!existsSync(socketPath)) return;
  const live = await new Promise<boolean>((resolve) => {
    const probe = createConnection(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
  if (live) throw new SocketInUseError(socketPath);
  try {
    unlinkSync(socketPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
