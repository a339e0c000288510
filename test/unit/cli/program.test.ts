import { expect } from 'chai';
import type { CommandContext } from '../../../src/cli/context.js';
import { executeCli } from '../../../src/cli/main.js';
import { BufferedOutput } from '../../../src/cli/output.js';
import { commandNameIn, runProgram, type ProgramSetup } from '../../../src/cli/program.js';
import { brokenUnit, fakeClient, instance } from './fixtures.js';

const noHost = {
  runDaemon: () => Promise.reject(new Error('no daemon in unit tests')),
  runTui: () => Promise.reject(new Error('no tui in unit tests')),
};

/** Runs a command line against a fake daemon and records which socket each command asked for. */
function harness(answers: Parameters<typeof fakeClient>[0] = {}) {
  const output = new BufferedOutput();
  const client = fakeClient({ status: () => ({ instances: [instance(), instance({ instance: 1 })], invalid: [brokenUnit] }), ...answers });
  const sockets: Array<string | undefined> = [];
  const setup: ProgramSetup = {
    output,
    mode: 'cli',
    host: noHost,
    context: (socketFlag): CommandContext => {
      sockets.push(socketFlag);
      return { output, socket: socketFlag ?? 'default.sock', interactiveShell: false, withClient: (use) => use(client) };
    },
  };
  return { output, client, sockets, run: (...words: string[]) => runProgram(setup, words) };
}

describe('cli argv parsing', () => {
  it('accepts --socket before the command', async () => {
    const h = harness();
    expect(await h.run('--socket', '/tmp/a.sock', 'status')).to.equal(0);
    expect(h.sockets).to.deep.equal(['/tmp/a.sock']);
  });

  it('accepts --socket after the command and its arguments', async () => {
    const h = harness();
    expect(await h.run('status', 'web', '--socket', '/tmp/b.sock')).to.equal(0);
    expect(h.sockets).to.deep.equal(['/tmp/b.sock']);
  });

  it('prefers the --socket written after the command when both are given', async () => {
    const h = harness();
    await h.run('--socket', '/tmp/outer.sock', 'status', '--socket', '/tmp/inner.sock');
    expect(h.sockets).to.deep.equal(['/tmp/inner.sock']);
  });

  it('passes targets and --no-wait to the daemon', async () => {
    const h = harness({ stop: () => ({ results: [{ target: 'web:1', unit: 'web', instance: 1, ok: true, state: 'STOPPING', message: '' }] }) });
    expect(await h.run('stop', 'web:1', '--no-wait')).to.equal(0);
    expect(h.client.requests).to.deep.equal([['stop', { targets: ['web:1'], wait: false }]]);
    expect(h.output.stdout).to.equal('web:1: stop requested (STOPPING)\n');
  });

  it('exits 1 when any action failed', async () => {
    const h = harness({
      start: () => ({
        results: [
          { target: 'all', unit: 'web', instance: 0, ok: true, state: 'RUNNING', message: '' },
          { target: 'all', unit: 'bad', instance: 0, ok: false, state: 'FATAL', message: 'command not found: /x' },
        ],
      }),
    });
    expect(await h.run('start', 'all')).to.equal(1);
    expect(h.output.stdout).to.equal('web:0: started (RUNNING)\nbad:0: FATAL: command not found: /x\n');
  });

  it('filters status by NAME:N and exits 4 naming every unknown unit', async () => {
    const h = harness();
    expect(await h.run('status', '--json', 'web:1')).to.equal(0);
    expect(JSON.parse(h.output.stdout)).to.have.length(1);
    expect(await h.run('status', 'nope', 'web', 'gone:3')).to.equal(4);
    expect(h.output.stderr).to.equal('taskmaster: no such unit: nope, gone:3\n');
  });

  it('sends reload --dry-run as dry_run', async () => {
    const plan = { add: ['api'], remove: [], restart: [], scale: [], unchanged: [], invalid: [] };
    const h = harness({ reload: (params) => ({ plan, applied: !params.dry_run }) });
    expect(await h.run('reload', '--dry-run')).to.equal(0);
    expect(h.client.requests).to.deep.equal([['reload', { dry_run: true }]]);
    expect(h.output.stdout).to.equal('add api\n(dry run: nothing applied)\n');
  });

  it('asks for an instance log with the stream and line count', async () => {
    const h = harness({ logs: () => ({ text: 'a\nb', path: '/x' }) });
    expect(await h.run('logs', 'web:1', '-n', '2', '--stderr')).to.equal(0);
    expect(h.client.requests).to.deep.equal([['logs', { lines: 2, follow: false, unit: 'web', instance: 1, stream: 'stderr' }]]);
    expect(h.output.stdout).to.equal('a\nb');
  });

  describe('usage errors exit 2', () => {
    const cases: string[][] = [['frobnicate'], ['status', '--bogus'], ['start'], ['logs', 'web', '-n', 'ten'], ['start', 'web:x'], []];
    for (const words of cases) {
      it(`taskmaster ${words.join(' ')}`, async () => {
        const h = harness();
        expect(await h.run(...words)).to.equal(2);
        expect(h.output.stderr).not.to.equal('');
        expect(h.client.requests).to.deep.equal([]);
      });
    }
  });

  it('exits 0 for `help status`', async () => {
    const h = harness();
    expect(await h.run('help', 'status')).to.equal(0);
    expect(h.output.stdout).to.include('Usage: taskmaster status');
  });

  it('exits 0 for --help and lists the exit codes', async () => {
    const h = harness();
    expect(await h.run('--help')).to.equal(0);
    expect(h.output.stdout).to.include('Exit codes:');
    expect(h.output.stdout).to.include('3  daemon unreachable');
  });
});

describe('cli command lookup', () => {
  it('finds the command after global options and the --socket value', () => {
    expect(commandNameIn(['--socket', 'status', 'stop', 'web'])).to.equal('stop');
    expect(commandNameIn(['status', '--socket', 's'])).to.equal('status');
    expect(commandNameIn(['--version'])).to.equal(undefined);
  });

  it('declares every command for help, so help lists them all', async () => {
    const h = harness();
    await h.run('help');
    for (const name of ['status', 'start', 'stop', 'restart', 'reload', 'logs', 'shutdown', 'check', 'daemon', 'up', 'tui', 'shell']) {
      expect(h.output.stdout).to.match(new RegExp(`^  ${name}\\b`, 'm'));
    }
  });
});

describe('cli against no daemon', () => {
  const saved = process.env.TASKMASTER_SOCKET;
  afterEach(() => {
    if (saved === undefined) delete process.env.TASKMASTER_SOCKET;
    else process.env.TASKMASTER_SOCKET = saved;
  });

  it('exits 3 with one line naming the socket and how to start a daemon', async () => {
    const output = new BufferedOutput();
    expect(await executeCli(['status', '--socket', '/nonexistent/t.sock'], noHost, output)).to.equal(3);
    expect(output.stderr).to.equal("taskmaster: no daemon at /nonexistent/t.sock — start one with 'taskmaster up' or 'taskmasterd'\n");
  });

  it('takes the socket from TASKMASTER_SOCKET', async () => {
    process.env.TASKMASTER_SOCKET = '/nonexistent/env.sock';
    const output = new BufferedOutput();
    expect(await executeCli(['status'], noHost, output)).to.equal(3);
    expect(output.stderr).to.include('/nonexistent/env.sock');
  });

  it('says clearly when the TUI is not in the build', async () => {
    const output = new BufferedOutput();
    expect(await executeCli(['tui', '--socket', '/nonexistent/t.sock'], noHost, output)).to.equal(1);
    expect(output.stderr).to.match(/^taskmaster: the TUI is not available/);
  });

  it('says clearly when the daemon is not in the build', async () => {
    const output = new BufferedOutput();
    expect(await executeCli(['daemon', '--socket', '/nonexistent/t.sock'], noHost, output)).to.equal(1);
    expect(output.stderr).to.equal('taskmaster: the daemon is not available in this build (no daemon in unit tests)\n');
  });
});
