import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cliEnv,
  DIST,
  isAlive,
  killGroup,
  run,
  startDaemon,
  statusJson,
  taskmaster,
  TASKMASTER,
  TASKMASTERD,
  waitFor,
  waitForStates,
  type Daemon,
} from './harness.js';

/** Exactly what `web` writes to stdout, tabs, blanks and all: `logs web` must give these bytes back. */
const WEB_OUTPUT = 'alpha\n\tbeta  two spaces\ngamma: ünïcødé\n';

const UNITS: Record<string, string> = {
  'web.toml': `command = ["sh", "-c", "printf '${WEB_OUTPUT.replace(/\t/g, '\\\\t').replace(/\n/g, '\\\\n')}'; exec sleep 100000"]\nstart-seconds = 0.3\nstop-timeout = 2\n`,
  'worker.toml': 'command = ["sleep", "100000"]\ninstances = 2\nstart-seconds = 0.3\nstop-timeout = 2\n',
  'ticker.toml': 'command = ["sh", "-c", "n=0; while true; do n=$((n+1)); echo tick $n; sleep 0.2; done"]\nstart-seconds = 0.3\nstop-timeout = 2\n',
  'ghost.toml': 'command = ["/nonexistent/ghost-binary"]\nautostart = false\nstart-retries = 0\nstart-seconds = 0.3\n',
};

describe('e2e: taskmaster CLI against a real daemon', function () {
  this.timeout(30000);
  let tmp: string;
  let socket: string;
  let daemon: Daemon;
  const sock = (...args: string[]) => [...args, '--socket', socket];

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'tm-cli-e2e-'));
    socket = join(tmp, 's.sock');
    mkdirSync(join(tmp, 'units'));
    for (const [file, text] of Object.entries(UNITS)) writeFileSync(join(tmp, 'units', file), text);
    daemon = await startDaemon({ units: join(tmp, 'units'), socket, log: join(tmp, 'log'), state: join(tmp, 'state') });
    await waitForStates(socket, { 'web:0': 'RUNNING', 'worker:0': 'RUNNING', 'worker:1': 'RUNNING', 'ticker:0': 'RUNNING' });
  });

  after(async () => {
    const pids = daemon ? (await statusJson(socket).catch(() => [])).map((r) => r.pid).filter((p): p is number => p !== null) : [];
    await daemon?.stop();
    // Belt and braces: nothing a test started may outlive it, even if the daemon failed to stop it.
    for (const pid of pids) if (isAlive(pid)) killGroup(pid, 'SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
  });

  describe('status', () => {
    it('prints the table with every instance', async () => {
      const result = await taskmaster(sock('status'));
      expect(result.code).to.equal(0);
      const lines = result.stdout.trimEnd().split('\n');
      expect(lines[0].split(/\s+/)).to.deep.equal(['Unit', 'Instance', 'State', 'PID', 'Uptime', 'Restarts', 'Command', 'Info']);
      expect(lines.some((l) => /^worker\s+1\s+RUNNING\s+\d+\s+\d+s\s+0\s+sleep 100000$/.test(l))).to.equal(true, result.stdout);
      expect(lines.some((l) => /^ghost\s+0\s+STOPPED\s+-\s+-/.test(l))).to.equal(true, result.stdout);
      expect(result.stdout).not.to.include('\u001b[');
    });

    it('--json prints an array with exactly the documented keys', async () => {
      const rows = JSON.parse((await taskmaster(sock('status', '--json'))).stdout) as object[];
      expect(rows).to.have.length(5);
      for (const row of rows) {
        expect(Object.keys(row)).to.deep.equal(['unit', 'instance', 'state', 'pid', 'uptime_s', 'restarts', 'exit_code', 'reason', 'command']);
      }
    });

    it('filters by NAME and NAME:N', async () => {
      const rows = JSON.parse((await taskmaster(sock('status', '--json', 'worker:1', 'web'))).stdout) as Array<{ unit: string; instance: number }>;
      expect(rows.map((r) => `${r.unit}:${r.instance}`)).to.deep.equal(['web:0', 'worker:1']);
    });

    it('exits 4 for an unknown NAME', async () => {
      const result = await taskmaster(sock('status', 'nope'));
      expect(result.code).to.equal(4);
      expect(result.stderr).to.equal('taskmaster: no such unit: nope\n');
    });
  });

  describe('socket selection', () => {
    it('takes --socket before the command', async () => {
      expect((await taskmaster(['--socket', socket, 'status', 'web'])).code).to.equal(0);
    });

    it('takes --socket after the command', async () => {
      expect((await taskmaster(['status', 'web', '--socket', socket])).code).to.equal(0);
    });

    it('takes TASKMASTER_SOCKET from the environment', async () => {
      expect((await taskmaster(['status', 'web'], { env: cliEnv({ TASKMASTER_SOCKET: socket }) })).code).to.equal(0);
    });

    it('exits 3 with one line telling how to start a daemon when nothing answers', async () => {
      const missing = join(tmp, 'nobody.sock');
      const result = await taskmaster(['status', '--socket', missing]);
      expect(result.code).to.equal(3);
      expect(result.stdout).to.equal('');
      expect(result.stderr).to.equal(`taskmaster: no daemon at ${missing} — start one with 'taskmaster up' or 'taskmasterd'\n`);
    });
  });

  describe('start, stop, restart', () => {
    it('stops and starts one instance, waiting for each state', async () => {
      const stopped = await taskmaster(sock('stop', 'worker:1'));
      expect(stopped).to.include({ code: 0, stdout: 'worker:1: stopped (STOPPED)\n' });
      expect((await statusJson(socket)).find((r) => r.unit === 'worker' && r.instance === 1)?.state).to.equal('STOPPED');
      const started = await taskmaster(sock('start', 'worker:1'));
      expect(started).to.include({ code: 0, stdout: 'worker:1: started (RUNNING)\n' });
    });

    it('restarts every instance of a unit with new pids', async () => {
      const before = (await statusJson(socket)).filter((r) => r.unit === 'worker').map((r) => r.pid);
      const result = await taskmaster(sock('restart', 'worker'));
      expect(result).to.include({ code: 0, stdout: 'worker:0: restarted (RUNNING)\nworker:1: restarted (RUNNING)\n' });
      const after = (await statusJson(socket)).filter((r) => r.unit === 'worker').map((r) => r.pid);
      expect(after.some((pid, i) => pid === before[i])).to.equal(false);
    });

    it('--no-wait returns before the targets settle, and `all` reaches every unit', async () => {
      const result = await taskmaster(sock('stop', 'all', '--no-wait'));
      expect(result.code).to.equal(0);
      expect(result.stdout).to.match(/^web:0: stop requested \(\w+\)$/m);
      expect(result.stdout.trimEnd().split('\n')).to.have.length(5);
      await waitForStates(socket, { 'web:0': 'STOPPED', 'worker:0': 'STOPPED', 'worker:1': 'STOPPED', 'ticker:0': 'STOPPED' });
      const restarted = await taskmaster(sock('start', 'web', 'worker', 'ticker'));
      expect(restarted.code).to.equal(0, restarted.stdout + restarted.stderr);
      expect(restarted.stdout.match(/started \(RUNNING\)/g)).to.have.length(4);
    });

    it('exits 1 and says why when a start fails', async () => {
      const result = await taskmaster(sock('start', 'ghost'));
      expect(result.code).to.equal(1);
      expect(result.stdout).to.match(/^ghost:0: (FATAL|BACKOFF)\b.*\S/);
    });

    it('exits 4 for an unknown unit, with the daemon\'s message', async () => {
      const result = await taskmaster(sock('start', 'nope'));
      expect(result.code).to.equal(4);
      expect(result.stderr).to.match(/^taskmaster: no such unit: nope\n$/);
    });

    it('exits 2 for a malformed target without asking the daemon', async () => {
      const result = await taskmaster(sock('stop', 'web:x'));
      expect(result.code).to.equal(2);
      expect(result.stderr).to.include("invalid target 'web:x'");
    });
  });

  describe('logs', () => {
    it('prints exactly the bytes the program wrote', async () => {
      // Earlier tests restarted web, so its log holds WEB_OUTPUT more than once: ask for one run's lines.
      const result = await taskmaster(sock('logs', 'web', '-n', '3'));
      expect(result.code).to.equal(0);
      expect(result.stdout).to.equal(WEB_OUTPUT);
    });

    it('-n limits the tail to the last lines', async () => {
      expect((await taskmaster(sock('logs', 'web:0', '-n', '1'))).stdout).to.equal('gamma: ünïcødé\n');
    });

    it('without NAME prints the daemon event log', async () => {
      const result = await taskmaster(sock('logs', '-n', '100'));
      expect(result.code).to.equal(0);
      expect(result.stdout).to.match(/worker:1 .*STOPPED/);
    });

    it('-f prints the tail and then new lines as they are written, until interrupted', async () => {
      const child = spawn(process.execPath, [TASKMASTER, ...sock('logs', 'ticker', '-f', '-n', '1')], { env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
      const closed = new Promise<number | null>((r) => child.once('close', (code) => r(code)));
      try {
        const ticks = await waitFor('two distinct ticks', async () => {
          const seen = out.match(/^tick \d+$/gm) ?? [];
          return new Set(seen).size >= 3 ? seen : null;
        });
        const numbers = ticks.map((t) => Number(t.slice(5)));
        expect(numbers).to.deep.equal([...numbers].sort((a, b) => a - b));
        child.kill('SIGINT');
        expect(await closed).to.equal(0);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    });

    it('stays quiet when its reader goes away (EPIPE)', async () => {
      const pipeline = `set -o pipefail; "${process.execPath}" "${TASKMASTER}" logs ticker -f -n 1 --socket "${socket}" | head -n 2`;
      const result = await run('bash', ['-c', pipeline], { env: cliEnv() });
      expect(result.code).to.equal(0);
      expect(result.stdout.split('\n')).to.have.length(3);
      expect(result.stderr).to.equal('');
    });
  });

  describe('reload and invalid units', () => {
    it('says nothing to do when nothing changed', async () => {
      expect(await taskmaster(sock('reload', '--dry-run'))).to.include({ code: 0, stdout: 'nothing to do\n' });
    });

    it('shows a broken unit file in status and in the reload plan with file:line:col', async () => {
      const file = join(tmp, 'units', 'broken.toml');
      writeFileSync(file, 'command = ["true"]\ninstances = "three"\n');
      const status = await waitFor('the daemon to see broken.toml', async () => {
        const result = await taskmaster(sock('status'));
        return result.stdout.includes('Invalid units:') ? result : null;
      });
      expect(status.stdout).to.include(`  broken (not running)\n    ${file}:2:`);
      const plan = await taskmaster(sock('reload', '--dry-run'));
      expect(plan.code).to.equal(0);
      expect(plan.stdout).to.match(new RegExp(`^invalid:\\n  broken \\(not running\\)\\n    ${file}:2:\\d+: instances: `, 'm'));
      rmSync(file);
      await waitFor('broken.toml to be forgotten', async () => !(await taskmaster(sock('status'))).stdout.includes('Invalid units:'));
    });
  });

  describe('shell', () => {
    it('fed from a pipe, prints what the CLI prints for the same commands, with no prompt', async () => {
      const script = 'stop web\nstatus web\nstart web\nstatus ghost\n';
      const shell = await taskmaster(sock('shell'), { input: script });
      expect(shell.stderr).to.equal('');
      const cli = [];
      for (const line of script.trim().split('\n')) cli.push((await taskmaster(sock(...line.split(' ')))).stdout);
      expect(shell.stdout).to.equal(cli.join(''));
      expect(shell.stdout).not.to.include('taskmaster>');
      expect(shell.code).to.equal(0);
    });

    it('reports an unknown command and carries on; exits with the last command status', async () => {
      const shell = await taskmaster(sock('shell'), { input: 'frobnicate\nstatus nope\n' });
      expect(shell.stderr).to.equal("taskmaster: unknown command 'frobnicate' — type 'help' for the list\ntaskmaster: no such unit: nope\n");
      expect(shell.code).to.equal(4);
    });
  });
});

describe('e2e: taskmaster CLI without a daemon', function () {
  this.timeout(30000);
  let tmp: string;
  beforeEach(() => (tmp = mkdtempSync(join(tmpdir(), 'tm-cli-e2e-'))));
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('taskmasterd hands a line it does not start the daemon with to the CLI: help, and usage errors', async () => {
    const help = await run(process.execPath, [TASKMASTERD, '--help']);
    expect(help.code).to.equal(0);
    expect(help.stdout).to.match(/^Usage: taskmaster daemon \[options\]/);
    const bad = await run(process.execPath, [TASKMASTERD, '--units']);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.include("option '--units <dir>' argument missing");
  });

  it('bin/ runs a build without bundles (the module tree alone), and says what to do when there is no build', async () => {
    const tree = join(tmp, 'tree');
    mkdirSync(tree);
    for (const dir of ['src', 'tui']) symlinkSync(join(DIST, dir), join(tree, dir));
    const env = cliEnv({ TASKMASTER_DIST: tree });
    writeFileSync(join(tmp, 'a.toml'), 'command = ["sleep", "1"]\n');
    expect(await taskmaster(['check', join(tmp, 'a.toml')], { env })).to.include({ code: 0, stdout: '1 unit OK\n' });
    expect((await taskmaster(['status', '--socket', join(tmp, 'none.sock')], { env })).code).to.equal(3);
    expect(await run(process.execPath, [TASKMASTERD, '--help'], { env })).to.include({ code: 0 });

    const none = cliEnv({ TASKMASTER_DIST: join(tmp, 'no-build') });
    for (const bin of [TASKMASTER, TASKMASTERD]) {
      const result = await run(process.execPath, [bin, 'status'], { env: none });
      expect(result.code, bin).to.equal(1);
      expect(result.stderr, bin).to.match(/^taskmaster: no compiled code at .*no-build.* — run 'npm run build'/);
    }
  });

  it('check passes a good directory with exit 0', async () => {
    mkdirSync(join(tmp, 'units'));
    writeFileSync(join(tmp, 'units', 'a.toml'), 'command = ["sleep", "1"]\n');
    writeFileSync(join(tmp, 'units', 'b.toml'), 'command = "sleep 2"\ninstances = 2\n');
    expect(await taskmaster(['check', join(tmp, 'units')])).to.include({ code: 0, stdout: '2 units OK\n' });
  });

  it('regression: check of a directory without unit files says so instead of only "0 units OK"', async () => {
    mkdirSync(join(tmp, 'conf.d'));
    writeFileSync(join(tmp, 'conf.d', 'web.conf'), '[program:web]\ncommand=sleep 1\n');
    const result = await taskmaster(['check', join(tmp, 'conf.d')]);
    expect(result).to.include({ code: 0, stdout: '0 units OK\n' });
    expect(result.stderr).to.equal(`taskmaster: no unit files (*.toml) in ${join(tmp, 'conf.d')}\n`);
  });

  it('check reports file:line:col for a broken file and exits 5', async () => {
    const file = join(tmp, 'bad.toml');
    writeFileSync(file, 'command = ["sleep", "1"]\nstop-signal = "SIGNOPE"\n');
    const result = await taskmaster(['check', file]);
    expect(result.code).to.equal(5);
    expect(result.stdout).to.match(new RegExp(`^${file}:2:\\d+: stop-signal: .+\\n$`));
  });

  it('check --json reports valid and invalid units', async () => {
    writeFileSync(join(tmp, 'good.toml'), 'command = ["sleep", "1"]\n');
    writeFileSync(join(tmp, 'bad.toml'), 'command = \n');
    const result = await taskmaster(['check', '--json', tmp]);
    expect(result.code).to.equal(5);
    const report = JSON.parse(result.stdout) as { valid: string[]; invalid: Array<{ unit: string; file: string; diagnostics: unknown[] }> };
    expect(report.valid).to.deep.equal(['good']);
    expect(report.invalid.map((u) => [u.unit, u.file])).to.deep.equal([['bad', join(tmp, 'bad.toml')]]);
    expect(report.invalid[0].diagnostics).to.have.length.greaterThan(0);
  });

  it('maps commander usage errors to exit 2', async () => {
    const result = await taskmaster(['frobnicate']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.include("unknown command 'frobnicate'");
  });

  it('--version prints the package version', async () => {
    expect((await taskmaster(['--version'])).stdout).to.match(/^\d+\.\d+\.\d+\n$/);
  });

  it('up -d starts a daemon in the background that answers, and shutdown stops it', async () => {
    const socket = join(tmp, 'run', 'up.sock');
    mkdirSync(join(tmp, 'units'));
    writeFileSync(join(tmp, 'units', 'sleeper.toml'), 'command = ["sleep", "100000"]\nstart-seconds = 0\nstop-timeout = 2\n');
    const dirs = ['--units', join(tmp, 'units'), '--socket', socket, '--log-dir', join(tmp, 'log'), '--state-dir', join(tmp, 'state')];
    let daemonPid: number | null = null;
    let sleeperPid: number | null = null;
    try {
      const up = await taskmaster(['up', '-d', ...dirs]);
      expect(up.code).to.equal(0, up.stderr);
      daemonPid = Number(/daemon started \(pid (\d+)\)/.exec(up.stdout)?.[1]);
      expect(daemonPid).to.be.greaterThan(0);
      const rows = await waitForStates(socket, { 'sleeper:0': 'RUNNING' });
      sleeperPid = rows[0].pid;

      const again = await taskmaster(['up', '-d', ...dirs]);
      expect(again).to.include({ code: 0 });
      expect(again.stdout).to.include(`already runs at ${socket} (pid ${daemonPid})`);

      const down = await taskmaster(['shutdown', '--socket', socket]);
      expect(down).to.include({ code: 0, stdout: `daemon at ${socket} stopped\n` });
      await waitFor('the daemon process to exit', async () => !isAlive(daemonPid!));
      expect((await taskmaster(['status', '--socket', socket])).code).to.equal(3);
    } finally {
      if (daemonPid && isAlive(daemonPid)) killGroup(daemonPid, 'SIGKILL');
      if (sleeperPid && isAlive(sleeperPid)) killGroup(sleeperPid, 'SIGKILL');
    }
  });
});
