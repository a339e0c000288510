import { join } from 'node:path';
import { homedir } from 'node:os';

/** Where things live by default: system paths as root, XDG paths as a user (taskmasterd(8), FILES). */
export interface DefaultPaths {
  unitsDir: string;
  socket: string;
  logDir: string;
  stateDir: string;
}

export function defaultPaths(env: NodeJS.ProcessEnv = process.env, uid = process.getuid?.() ?? 0): DefaultPaths {
  if (uid === 0) {
    return {
      unitsDir: '/etc/taskmaster/units.d',
      socket: '/run/taskmaster/taskmaster.sock',
      logDir: '/var/log/taskmaster',
      stateDir: '/var/lib/taskmaster',
    };
  }
  const home = env.HOME || homedir();
  const config = env.XDG_CONFIG_HOME || join(home, '.config');
  const state = join(env.XDG_STATE_HOME || join(home, '.local', 'state'), 'taskmaster');
  const runtime = env.XDG_RUNTIME_DIR ? join(env.XDG_RUNTIME_DIR, 'taskmaster') : `/tmp/taskmaster-${uid}`;
  return {
    unitsDir: join(config, 'taskmaster', 'units'),
    socket: join(runtime, 'taskmaster.sock'),
    logDir: join(state, 'logs'),
    stateDir: state,
  };
}

/** `--socket` wins, then `TASKMASTER_SOCKET`, then the default. */
export function resolveSocketPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag || env.TASKMASTER_SOCKET || defaultPaths(env).socket;
}
