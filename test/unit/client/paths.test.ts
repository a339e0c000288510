import { expect } from 'chai';
import { defaultPaths, resolveSocketPath } from '../../../src/client/paths.js';

describe('client/paths defaults (taskmasterd(8), FILES)', () => {
  it('as root: the system paths, whatever the XDG variables say', () => {
    expect(defaultPaths({ XDG_RUNTIME_DIR: '/run/user/0', XDG_CONFIG_HOME: '/x' }, 0)).to.deep.equal({
      unitsDir: '/etc/taskmaster/units.d',
      socket: '/run/taskmaster/taskmaster.sock',
      logDir: '/var/log/taskmaster',
      stateDir: '/var/lib/taskmaster',
    });
  });

  it('as a user: the XDG directories', () => {
    const env = { HOME: '/home/ann', XDG_CONFIG_HOME: '/cfg', XDG_RUNTIME_DIR: '/run/user/1000', XDG_STATE_HOME: '/st' };
    expect(defaultPaths(env, 1000)).to.deep.equal({
      unitsDir: '/cfg/taskmaster/units',
      socket: '/run/user/1000/taskmaster/taskmaster.sock',
      logDir: '/st/taskmaster/logs',
      stateDir: '/st/taskmaster',
    });
  });

  it('as a user without XDG variables: ~/.config, ~/.local/state and /tmp/taskmaster-$UID', () => {
    expect(defaultPaths({ HOME: '/home/ann' }, 1000)).to.deep.equal({
      unitsDir: '/home/ann/.config/taskmaster/units',
      socket: '/tmp/taskmaster-1000/taskmaster.sock',
      logDir: '/home/ann/.local/state/taskmaster/logs',
      stateDir: '/home/ann/.local/state/taskmaster',
    });
  });

  it('treats empty XDG variables as unset', () => {
    const paths = defaultPaths({ HOME: '/home/ann', XDG_CONFIG_HOME: '', XDG_RUNTIME_DIR: '', XDG_STATE_HOME: '' }, 1000);
    expect(paths.unitsDir).to.equal('/home/ann/.config/taskmaster/units');
    expect(paths.socket).to.equal('/tmp/taskmaster-1000/taskmaster.sock');
  });

  it('the socket: --socket, then TASKMASTER_SOCKET, then the default', () => {
    const env = { TASKMASTER_SOCKET: '/env.sock', XDG_RUNTIME_DIR: '/run/user/1000' };
    expect(resolveSocketPath('/flag.sock', env)).to.equal('/flag.sock');
    expect(resolveSocketPath(undefined, env)).to.equal('/env.sock');
    expect(resolveSocketPath(undefined, {})).to.equal(defaultPaths({}).socket);
  });
});
