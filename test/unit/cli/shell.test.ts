import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { CommandContext } from '../../../src/cli/context.js';
import { BufferedOutput } from '../../../src/cli/output.js';
import { runProgram } from '../../../src/cli/program.js';
import { HistoryFile } from '../../../src/cli/shell/history.js';
import { runShell } from '../../../src/cli/shell/session.js';
import { brokenUnit, fakeClient, instance } from './fixtures.js';

const answers = {
  status: () => ({ instances: [instance(), instance({ unit: 'db', state: 'STOPPED', pid: null, uptime_s: null })], invalid: [brokenUnit] }),
  stop: () => ({ results: [{ target: 'web', unit: 'web', instance: 0, ok: true, state: 'STOPPED', message: '' }] }),
};

async function shellRun(script: string) {
  const output = new BufferedOutput();
  const client = fakeClient(answers);
  const code = await runShell({ client, socket: 's', output, input: Readable.from([script]), interactive: false, history: null });
  return { code, output, client };
}

async function cliRun(...words: string[]) {
  const output = new BufferedOutput();
  const client = fakeClient(answers);
  const context: CommandContext = { output, socket: 's', interactiveShell: false, withClient: (use) => use(client) };
  await runProgram({ output, mode: 'cli', context: () => context }, words);
  return output.stdout;
}

describe('cli shell (piped input)', () => {
  it('prints exactly what the CLI prints for the same commands, and no prompt', async () => {
    const { code, output } = await shellRun('status\nstop web\n\nstatus db\n');
    expect(code).to.equal(0);
    expect(output.stdout).to.equal((await cliRun('status')) + (await cliRun('stop', 'web')) + (await cliRun('status', 'db')));
    expect(output.stdout).not.to.include('taskmaster>');
    expect(output.stderr).to.equal('');
  });

  it('reports an unknown command in one line, goes on, and exits with the last command status', async () => {
    const { code, output } = await shellRun('frob\nstatus --json\n');
    expect(output.stderr).to.equal("taskmaster: unknown command 'frob' — type 'help' for the list\n");
    expect(JSON.parse(output.stdout)).to.have.length(2);
    expect(code).to.equal(0);
    expect((await shellRun('status\nstatus nope\n')).code).to.equal(4);
  });

  it('stops at exit and does not run what follows', async () => {
    const { output, client } = await shellRun('status db\nexit\nstop web\n');
    expect(client.requests.map(([method]) => method)).to.deep.equal(['status']);
    expect(output.stdout).to.include('db');
  });

  it('lists its commands in help and refuses logs -f', async () => {
    const { output } = await shellRun('help\nlogs web -f\n');
    for (const name of ['status', 'start', 'stop', 'restart', 'reload', 'logs', 'exit']) expect(output.stdout).to.include(`  ${name}`);
    expect(output.stdout).not.to.include('shutdown');
    expect(output.stderr).to.match(/unknown option '-f'/);
  });
});

describe('cli shell history file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'tm-history-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates its directory, appends each command and loads newest first', () => {
    const history = new HistoryFile(join(dir, 'state', 'shell_history'));
    expect(history.load()).to.deep.equal([]);
    history.append('status');
    history.append('  ');
    history.append('stop web');
    expect(readFileSync(history.path, 'utf8')).to.equal('status\nstop web\n');
    expect(new HistoryFile(history.path).load()).to.deep.equal(['stop web', 'status']);
  });

  it('keeps only the newest entries past the limit', () => {
    const path = join(dir, 'shell_history');
    writeFileSync(path, Array.from({ length: 12 }, (_, i) => `cmd ${i}\n`).join(''));
    const history = new HistoryFile(path, 5);
    expect(history.load()).to.deep.equal(['cmd 11', 'cmd 10', 'cmd 9', 'cmd 8', 'cmd 7']);
    for (let i = 12; i < 17; i++) history.append(`cmd ${i}`);
    expect(readFileSync(path, 'utf8').trimEnd().split('\n')).to.deep.equal(['cmd 12', 'cmd 13', 'cmd 14', 'cmd 15', 'cmd 16']);
  });
});
