import { expect } from 'chai';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Issue 6, for real: build the .deb with packaging/build-deb.sh, install it with apt-get, run the installed
 * daemon socket-activated on the installed socket path, then purge it and check that nothing is left.
 * Root only; it changes the machine (a package, a system group) and undoes every change in `after`.
 */
const repo = process.cwd();
const SOCKET = '/run/taskmaster/taskmaster.sock';
const UNITS_DIR = '/etc/taskmaster/units.d';
const UNIT_NAME = 'e2e-deb-sleeper';
const TMUX_SERVER = `tm-deb-e2e-${process.pid}`;

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeout?: number } = {}): Ran {
  const result = spawnSync(command, args, {
    cwd: repo,
    encoding: 'utf8',
    timeout: options.timeout ?? 60_000,
    env: { ...process.env, ...options.env },
  });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function isInstalled(): boolean {
  const r = run('dpkg-query', ['-W', '-f=${db:Status-Status}', 'taskmaster']);
  return r.status === 0 && r.stdout.trim() !== 'not-installed';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function poll<T>(what: string, deadlineMs: number, probe: () => T | undefined | false): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

/** A process counts as gone when /proc has no entry or it is a zombie (PID 1 here does not reap orphans). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Live processes whose command line mentions the installed package. */
function packageProcesses(): string[] {
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue;
    }
    if ((cmdline.includes('/usr/lib/taskmaster/') || cmdline.includes('/usr/bin/taskmasterd')) && alive(Number(entry))) {
      found.push(`${entry}: ${cmdline.trim()}`);
    }
  }
  return found;
}

function dpkgExcludesManPages(): boolean {
  const dir = '/etc/dpkg/dpkg.cfg.d';
  if (!existsSync(dir)) return false;
  return readdirSync(dir).some((f) => /^path-exclude=?\s*\/usr\/share\/man/m.test(readFileSync(join(dir, f), 'utf8')));
}

describe('Debian package (build, apt-get install, socket activation, purge)', function () {
  this.timeout(60_000);

  const version = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version as string;
  let work = '';
  let deb = '';
  let installedByUs = false;
  let createdRunDir = false;
  let activator: ChildProcess | null = null;
  let activatorExit: Promise<number | null> = Promise.resolve(null);
  let daemonPid = 0;
  let sleeperPid = 0;

  before(function () {
    this.timeout(240_000);
    if (process.platform !== 'linux' || process.getuid?.() !== 0) {
      this.skip(); // installs a package system-wide: needs root on Debian
    }
    for (const tool of ['dpkg-deb', 'apt-get', 'dpkg-query']) {
      if (!has(tool)) {
        console.log(`      skipped: ${tool} is missing (run packaging/ci-deps.sh)`);
        this.skip();
      }
    }
    if (isInstalled()) {
      console.log('      skipped: a taskmaster package is already installed on this machine; not touching it');
      this.skip();
    }
    if (existsSync(SOCKET)) {
      console.log(`      skipped: ${SOCKET} exists: a system daemon is running here; not touching it`);
      this.skip();
    }

    work = mkdtempSync(join(tmpdir(), 'tm-deb-'));
    const built = run('bash', ['packaging/build-deb.sh'], {
      env: { DEB_OUT_DIR: join(work, 'out'), DEB_STAGE_DIR: join(work, 'stage'), DEB_SKIP_LINTIAN: '1' },
      timeout: 120_000,
    });
    expect(built.status, `build-deb.sh failed:\n${built.stderr}`).to.equal(0);
    deb = built.stdout.trim().split('\n').pop() ?? '';
    expect(deb).to.match(new RegExp(`/taskmaster_${version.replace(/\./g, '\\.')}-\\d+_all\\.deb$`));

    const installed = run('apt-get', ['install', '-y', '--no-install-recommends', deb], {
      env: { DEBIAN_FRONTEND: 'noninteractive' },
      timeout: 120_000,
    });
    installedByUs = isInstalled();
    expect(installed.status, `apt-get install failed:\n${installed.stdout}\n${installed.stderr}`).to.equal(0);
  });

  after(async function () {
    this.timeout(120_000);
    if (has('tmux')) run('tmux', ['-L', TMUX_SERVER, 'kill-server']);
    if (activator?.pid && alive(activator.pid)) {
      try {
        process.kill(-activator.pid, 'SIGTERM');
      } catch {}
      const deadline = Date.now() + 15_000;
      while (alive(activator.pid) && Date.now() < deadline) await sleep(100);
      try {
        process.kill(-activator.pid, 'SIGKILL');
      } catch {}
    }
    if (sleeperPid && alive(sleeperPid)) {
      try {
        process.kill(-sleeperPid, 'SIGKILL');
      } catch {}
    }
    if (installedByUs && isInstalled()) {
      run('apt-get', ['purge', '-y', 'taskmaster'], { env: { DEBIAN_FRONTEND: 'noninteractive' }, timeout: 120_000 });
    }
    if (createdRunDir) rmSync('/run/taskmaster', { recursive: true, force: true });
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('installs the commands, the bundle, the units directory and the group', () => {
    const r = run('/usr/bin/taskmaster', ['--version']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout.trim()).to.equal(version);
    expect(run('/usr/bin/taskmasterd', ['--help']).status).to.equal(0);
    for (const path of [
      '/usr/lib/taskmaster/bin/taskmaster.js',
      '/usr/lib/taskmaster/bin/taskmasterd.js',
      '/usr/lib/taskmaster/dist/bundle/daemon.cjs',
      '/usr/lib/taskmaster/node_modules/blessed/lib/widgets/box.js',
      '/usr/lib/taskmaster/node_modules/blessed/usr/xterm-256color',
      '/usr/share/doc/taskmaster/copyright',
      '/usr/share/doc/taskmaster/changelog.Debian.gz',
      `${UNITS_DIR}/example.toml`,
      '/lib/systemd/system/taskmaster.socket',
      '/lib/systemd/system/taskmaster.service',
    ]) {
      expect(existsSync(path), path).to.equal(true);
    }
    expect(run('dpkg-query', ['--control-show', 'taskmaster', 'conffiles']).stdout).to.include(`${UNITS_DIR}/example.toml`);
    expect(run('getent', ['group', 'taskmaster']).status, 'group taskmaster').to.equal(0);
    const check = run('/usr/bin/taskmaster', ['check', UNITS_DIR]);
    expect(check.status, `the example unit is valid:\n${check.stdout}${check.stderr}`).to.equal(0);
  });

  it('enables the socket and the service through deb-systemd-helper', () => {
    // What `systemctl enable` would have done, done by deb-systemd-helper without a running systemd, and
    // recorded in its state so that purge can undo it.
    const links: Record<string, string> = {
      '/etc/systemd/system/sockets.target.wants/taskmaster.socket': '/lib/systemd/system/taskmaster.socket',
      '/etc/systemd/system/multi-user.target.wants/taskmaster.service': '/lib/systemd/system/taskmaster.service',
    };
    for (const [link, target] of Object.entries(links)) {
      expect(existsSync(link), link).to.equal(true);
      expect(readlinkSync(link)).to.equal(target);
    }
    const state = '/var/lib/systemd/deb-systemd-helper-enabled/taskmaster.service.dsh-also';
    expect(readFileSync(state, 'utf8')).to.include('sockets.target.wants/taskmaster.socket');
  });

  it('installs the man pages where man finds them', function () {
    if (!has('man')) this.skip(); // man-db is missing
    if (dpkgExcludesManPages()) {
      console.log('      skipped: dpkg is configured here to drop /usr/share/man (path-exclude)');
      this.skip();
    }
    const pages: Record<string, string> = {
      taskmaster: '/usr/share/man/man1/taskmaster.1.gz',
      'taskmaster.unit': '/usr/share/man/man5/taskmaster.unit.5.gz',
      taskmasterd: '/usr/share/man/man8/taskmasterd.8.gz',
    };
    for (const [name, path] of Object.entries(pages)) {
      const r = run('man', ['-w', name]);
      expect(r.status, `man -w ${name}: ${r.stderr}`).to.equal(0);
      expect(r.stdout.trim()).to.equal(path);
    }
    const page = run('man', ['-P', 'cat', 'taskmaster.unit'], { env: { MANWIDTH: '80' } });
    expect(page.stdout).to.include('restart-delay');
    expect(page.stdout).to.include(`Taskmaster ${version}`);
  });

  it('ships systemd units that systemd-analyze verify accepts', function () {
    if (!has('systemd-analyze')) this.skip();
    // No systemd runs in this container, so verify works offline: --generators=no (generators need a
    // running manager and write under /run), --recursive-errors=no (only our two files are judged, not
    // the distribution's units they pull in such as sysinit.target). --man=yes, the default, checks
    // that every Documentation=man: page of ours is installed.
    const r = run('systemd-analyze', [
      'verify', '--generators=no', '--recursive-errors=no',
      '/lib/systemd/system/taskmaster.socket', '/lib/systemd/system/taskmaster.service',
    ], { env: { SYSTEMD_LOG_LEVEL: 'notice', SYSTEMD_PAGER: '', SYSTEMD_COLORS: '0' } });
    // Messages about the container itself (no /run/systemd, no cgroup or PID 1 access) cannot apply to
    // our files; anything naming our units is a real finding.
    const ours = (r.stdout + r.stderr).split('\n').filter((line) => /taskmaster/.test(line));
    expect(ours, 'systemd-analyze findings').to.deep.equal([]);
    expect(r.status, r.stderr).to.equal(0);

    const security = run('systemd-analyze', ['security', '--offline=yes', '/lib/systemd/system/taskmaster.service']);
    const overall = security.stdout.split('\n').find((line) => line.includes('Overall exposure level'));
    if (overall) console.log(`      ${overall.replace(/\x1b\[[0-9;]*m/g, '').trim()}`);
  });

  it('runs the installed daemon socket-activated on the installed path; the first status starts it', async function () {
    this.timeout(60_000);
    if (!has('systemd-socket-activate')) this.skip();
    writeFileSync(
      join(UNITS_DIR, `${UNIT_NAME}.toml`),
      `description = "deb e2e test"\ncommand = ["sleep", "300"]\nstart-seconds = 0.5\nstop-timeout = 3\n`,
    );
    if (!existsSync('/run/taskmaster')) {
      mkdirSync('/run/taskmaster', { recursive: true });
      createdRunDir = true;
    }
    // The same socket the installed taskmaster.socket declares, and the installed binary.
    activator = spawn('systemd-socket-activate', ['-l', SOCKET, '/usr/bin/taskmasterd'], {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    activatorExit = new Promise((resolve) => activator!.once('exit', (code) => resolve(code)));
    let activatorErr = '';
    activator.stderr!.on('data', (chunk: Buffer) => (activatorErr += chunk.toString()));
    const pid = activator.pid!;
    await poll('the socket to listen', 10_000, () => existsSync(SOCKET));
    // Nothing but the listener so far: the daemon is started by the first connection.
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).to.include('systemd-socket-activate');

    // No --socket, no TASKMASTER_SOCKET: as root the default path is the socket unit's path.
    const env = { TASKMASTER_SOCKET: '', NO_COLOR: '1' };
    const status = await poll('status to show the unit RUNNING', 30_000, () => {
      const r = run('/usr/bin/taskmaster', ['status', '--json'], { env, timeout: 15_000 });
      if (r.status !== 0) return false;
      const rows = JSON.parse(r.stdout) as Array<{ unit: string; state: string; pid: number | null }>;
      const row = rows.find((x) => x.unit === UNIT_NAME);
      return row?.state === 'RUNNING' ? rows : false;
    }).catch((error: Error) => {
      throw new Error(`${error.message}\nactivator: ${activatorErr}`);
    });
    const row = status.find((x) => x.unit === UNIT_NAME)!;
    sleeperPid = row.pid!;
    expect(alive(sleeperPid)).to.equal(true);
    expect(status.find((x) => x.unit === 'example')?.state, 'example.toml has autostart = false').to.equal('STOPPED');

    // systemd-socket-activate exec'd the installed daemon in its own process.
    daemonPid = pid;
    expect(readFileSync(`/proc/${daemonPid}/cmdline`, 'utf8')).to.include('/usr/lib/taskmaster/bin/taskmasterd.js');

    const table = run('/usr/bin/taskmaster', ['status'], { env });
    expect(table.status).to.equal(0);
    expect(table.stdout).to.match(new RegExp(`${UNIT_NAME}\\s+0\\s+RUNNING`));
    const events = readFileSync('/var/log/taskmaster/events.log', 'utf8');
    expect(events).to.include(`${UNIT_NAME}:0`);
  });

  it('attaches the installed TUI (blessed and its terminfo shipped beside the bundle)', async function () {
    if (!daemonPid) this.skip();
    if (!has('tmux')) this.skip(); // tmux drives the terminal
    const tmux = (...args: string[]) => run('tmux', ['-L', TMUX_SERVER, ...args], { timeout: 10_000 });
    const started = tmux('new-session', '-d', '-x', '100', '-y', '30', '-e', 'TERM=xterm-256color', '/usr/bin/taskmaster tui');
    expect(started.status, started.stderr).to.equal(0);
    const screen = await poll('the TUI to show the unit RUNNING', 15_000, () => {
      const text = tmux('capture-pane', '-p').stdout;
      return new RegExp(`${UNIT_NAME}\\s+0\\s+RUNNING`).test(text) ? text : false;
    }).catch((error: Error) => {
      throw new Error(`${error.message}\nscreen:\n${tmux('capture-pane', '-p').stdout}`);
    });
    expect(screen).to.include(`Taskmaster ${version}`);
    tmux('send-keys', 'q');
    await poll('the TUI to exit on q', 10_000, () => tmux('has-session').status !== 0);
    expect(alive(daemonPid), 'the daemon keeps running after q').to.equal(true);
  });

  it('stops on SIGTERM with every supervised process', async function () {
    if (!daemonPid) this.skip();
    process.kill(daemonPid, 'SIGTERM');
    await poll('the daemon to exit', 20_000, () => !alive(daemonPid));
    await poll('the unit process to be gone', 5_000, () => !alive(sleeperPid));
    expect(await activatorExit, 'taskmasterd exit status').to.equal(0);
  });

  it('passes lintian --fail-on error,warning', function () {
    this.timeout(180_000);
    if (!has('lintian')) this.skip(); // packaging/ci-deps.sh installs it
    const r = run('lintian', ['--fail-on', 'error,warning', '--display-info', deb], { timeout: 170_000 });
    const report = (r.stdout + r.stderr).split('\n').filter((l) => /^[EWIXPON]: /.test(l));
    console.log(report.length ? report.map((l) => `      lintian ${l}`).join('\n') : '      lintian: no tags');
    expect(r.status, r.stdout + r.stderr).to.equal(0);
  });

  it('purges without leaving anything behind', async function () {
    this.timeout(120_000);
    const r = run('apt-get', ['purge', '-y', 'taskmaster'], { env: { DEBIAN_FRONTEND: 'noninteractive' }, timeout: 110_000 });
    expect(r.status, r.stdout + r.stderr).to.equal(0);
    expect(isInstalled(), 'dpkg still knows the package').to.equal(false);
    expect(run('dpkg', ['-L', 'taskmaster']).status, 'dpkg -L taskmaster').to.not.equal(0);
    for (const path of [
      '/usr/bin/taskmaster', '/usr/bin/taskmasterd', '/usr/lib/taskmaster', '/usr/share/doc/taskmaster',
      '/usr/share/man/man1/taskmaster.1.gz', '/usr/share/man/man5/taskmaster.unit.5.gz',
      '/usr/share/man/man8/taskmasterd.8.gz', '/lib/systemd/system/taskmaster.socket',
      '/lib/systemd/system/taskmaster.service', '/etc/taskmaster', '/var/log/taskmaster', '/var/lib/taskmaster',
      '/etc/systemd/system/sockets.target.wants/taskmaster.socket',
      '/etc/systemd/system/multi-user.target.wants/taskmaster.service',
      '/var/lib/systemd/deb-systemd-helper-enabled/taskmaster.socket.dsh-also',
      '/var/lib/systemd/deb-systemd-helper-enabled/taskmaster.service.dsh-also',
      '/var/lib/systemd/deb-systemd-helper-masked/taskmaster.socket',
    ]) {
      expect(existsSync(path), `${path} survived the purge`).to.equal(false);
    }
    expect(run('getent', ['group', 'taskmaster']).status, 'group taskmaster survived the purge').to.not.equal(0);
    await poll('no process of the package', 5_000, () => packageProcesses().length === 0).catch(() => {
      throw new Error(`processes survived: ${packageProcesses().join('\n')}`);
    });
  });
});
