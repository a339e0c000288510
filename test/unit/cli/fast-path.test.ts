import { assert, expect } from 'chai';
import fc from 'fast-check';
import type { CommandContext } from '../../../src/cli/context.js';
import { parseFastPath, runFastPath } from '../../../src/cli/fast-path.js';
import { BufferedOutput } from '../../../src/cli/output.js';
import { runProgram, type ProgramSetup } from '../../../src/cli/program.js';
import { fakeClient, instance } from './fixtures.js';

const answers = {
  status: () => ({ instances: [instance(), instance({ instance: 1 }), instance({ unit: 'db' })], invalid: [] }),
  start: (p: { targets: string[] }) => ({ results: p.targets.map((t) => ({ target: t, unit: 'web', instance: 0, ok: t !== 'bad', state: 'RUNNING', message: '' })) }),
  stop: (p: { targets: string[] }) => ({ results: p.targets.map((t) => ({ target: t, unit: 'web', instance: 0, ok: true, state: 'STOPPED', message: '' })) }),
  restart: (p: { targets: string[] }) => ({ results: p.targets.map((t) => ({ target: t, unit: 'web', instance: 0, ok: true, state: 'RUNNING', message: '' })) }),
  reload: (p: { dry_run: boolean }) => ({
    plan: { add: ['new'], remove: [], restart: ['web'], scale: [{ unit: 'db', from: 1, to: 2 }], unchanged: [], invalid: [] },
    applied: !p.dry_run,
  }),
};

/** Everything observable about running a line: requests sent, sockets chosen, output, exit code. */
async function observe(run: (setup: ProgramSetup) => Promise<number>) {
  const output = new BufferedOutput();
  const client = fakeClient(answers);
  const sockets: Array<string | undefined> = [];
  const setup: ProgramSetup = {
    output,
    mode: 'cli',
    context: (socket): CommandContext => {
      sockets.push(socket);
      return { output, socket: socket ?? 'default', interactiveShell: false, withClient: (use) => use(client) };
    },
  };
  const code = await run(setup);
  return { code, sockets, requests: client.requests, stdout: output.stdout, stderr: output.stderr };
}

/**
 * For every generated line the fast path takes, running it there and through commander must be
 * observably the same; enough lines must be taken for that to mean something.
 */
async function expectTakenLinesAgree<T>(
  lines: fc.Arbitrary<string[]>,
  observeRun: (run: (setup: ProgramSetup) => Promise<number>) => Promise<T>,
  options: { numRuns: number; minTaken: number; also?: (viaFast: T, words: string[]) => void },
): Promise<void> {
  let taken = 0;
  await fc.assert(
    fc.asyncProperty(lines, async (words) => {
      const fast = parseFastPath(words);
      if (!fast) return;
      taken++;
      const viaFast = await observeRun((setup) => runFastPath(fast, setup));
      const viaCommander = await observeRun((setup) => runProgram(setup, words));
      expect(viaFast, words.join(' ')).to.deep.equal(viaCommander);
      options.also?.(viaFast, words);
    }),
    { numRuns: options.numRuns },
  );
  expect(taken).to.be.greaterThan(options.minTaken);
}

const WORDS = ['status', 'start', 'stop', 'restart', 'reload', '--json', '--no-wait', '--dry-run', '--socket', '/tmp/a.sock', '/tmp/b.sock', 'web', 'web:1', 'db', 'all', 'bad', 'nope', 'web:x', '-h', '--', '--socket=/x', ''];

describe('cli fast path', () => {
  it('takes the common lines', () => {
    expect(parseFastPath(['--socket', 's', 'status', '--json'])).to.deep.equal({ command: 'status', socket: 's', names: [], json: true });
    expect(parseFastPath(['stop', 'web:1', '--no-wait', 'db', '--socket', 't'])).to.deep.equal({ command: 'stop', socket: 't', targets: ['web:1', 'db'], wait: false });
    expect(parseFastPath(['reload', '--dry-run', '--socket', 's'])).to.deep.equal({ command: 'reload', socket: 's', dryRun: true });
    expect(parseFastPath(['reload', 'web'])).to.equal(null);
    expect(parseFastPath(['daemon', '--units', 'u', '--log-dir', 'l', '--state-dir', 's', '--socket', 'k'])).to.deep.equal({
      command: 'daemon',
      socket: 'k',
      paths: { units: 'u', logDir: 'l', stateDir: 's' },
    });
  });

  it('leaves everything else to commander', () => {
    for (const words of [[], ['status', '--help'], ['start'], ['--json', 'status'], ['status', '--no-wait'], ['stop', '--json', 'web'], ['status', '--socket'], ['status', '--socket=/x'], ['logs', 'web'], ['status', '--'], ['daemon', 'x'], ['daemon', '--units'], ['daemon', '--units=u'], ['daemon', '--json'], ['status', '--units', 'u']]) {
      expect(parseFastPath(words), words.join(' ')).to.equal(null);
    }
  });

  it('behaves exactly as commander on every line it takes', async () => {
    // Lines shaped like real ones (options around a command) so most are taken, plus a few stray words.
    const line = fc
      .tuple(
        fc.array(fc.constantFrom('--socket', '/tmp/a.sock'), { maxLength: 3 }),
        fc.constantFrom('status', 'start', 'stop', 'restart', 'reload'),
        fc.array(fc.constantFrom(...WORDS), { maxLength: 6 }),
      )
      .map(([before, command, after]) => [...before, command, ...after]);
    await expectTakenLinesAgree(fc.oneof(line, fc.array(fc.constantFrom(...WORDS), { maxLength: 7 })), observe, { numRuns: 2000, minTaken: 120 });
  });

  it('runs the daemon with exactly the options commander gives it', async () => {
    // Mostly option-value pairs, so most lines are taken, with a stray word now and then.
    const pair = fc.tuple(fc.constantFrom('--units', '--log-dir', '--state-dir', '--socket'), fc.constantFrom('units', '/srv/logs', 'state', '/tmp/a.sock'));
    const stray = fc.constantFrom('-h', '--json', '--units=x', 'extra', '', '--units').map((word) => [word]);
    const line = fc
      .tuple(fc.array(fc.constantFrom('--socket', '/tmp/o.sock'), { maxLength: 2 }), fc.array(fc.oneof({ weight: 6, arbitrary: pair }, { weight: 1, arbitrary: stray }), { maxLength: 5 }))
      .map(([before, after]) => [...before, 'daemon', ...after.flat()]);
    const runWith = async (run: (setup: ProgramSetup) => Promise<number>) => {
      const output = new BufferedOutput();
      const started: unknown[] = [];
      const host = {
        runDaemon: async () => async (options: unknown) => {
          started.push(options);
          return 0;
        },
        runTui: async () => async () => {},
      };
      const setup: ProgramSetup = { output, mode: 'cli', host, context: () => assert.fail('the daemon needs no client') };
      const code = await run(setup);
      return { code, started, stdout: output.stdout, stderr: output.stderr };
    };
    await expectTakenLinesAgree(line, runWith, {
      numRuns: 500,
      minTaken: 100,
      also: (viaFast, words) => expect(viaFast.started, words.join(' ')).to.have.length(1),
    });
  });
});
