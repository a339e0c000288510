import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The manual pages of man/ (issue 6): lint-clean for mandoc, rendered by man-db, and complete. */
const repo = process.cwd();
const pages = ['man/taskmaster.1', 'man/taskmaster.unit.5', 'man/taskmasterd.8'];

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(command, args, { cwd: repo, encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

describe('man pages', function () {
  this.timeout(30000);

  for (const page of pages) {
    it(`${page} is clean for mandoc -Tlint -Wwarning`, function () {
      if (!has('mandoc')) this.skip(); // mandoc is not installed (packaging/ci-deps.sh installs it)
      const { status, stdout, stderr } = run('mandoc', ['-Tlint', '-Wwarning', page]);
      expect(stdout + stderr, 'mandoc messages').to.equal('');
      expect(status).to.equal(0);
    });

    it(`${page} renders with man -l and no groff warnings`, function () {
      if (!has('man')) this.skip(); // man-db is not installed
      const { status, stdout, stderr } = run('man', ['--warnings', '-E', 'UTF-8', '-l', '-Tutf8', '-Z', page], {
        MANWIDTH: '80',
      });
      expect(stderr, 'groff warnings').to.equal('');
      expect(status).to.equal(0);
      expect(stdout.length).to.be.greaterThan(1000);
    });
  }

  it('taskmaster(1) documents every command, the exit codes and the environment', () => {
    const text = readFileSync(join(repo, 'man/taskmaster.1'), 'utf8');
    for (const command of ['status', 'start', 'stop', 'restart', 'reload', 'logs', 'shutdown', 'check', 'up', 'tui', 'shell', 'daemon']) {
      expect(text, command).to.match(new RegExp(`^\\.(B|BR|BI) ${command}\\b`, 'm'));
    }
    for (const option of ['\\-\\-socket', '\\-\\-json', '\\-\\-no\\-wait', '\\-\\-dry\\-run', '\\-\\-stderr', '\\-\\-units', '\\-\\-version']) {
      expect(text, option).to.include(option);
    }
    for (const code of ['0', '1', '2', '3', '4', '5']) {
      expect(text, `exit code ${code}`).to.match(new RegExp(`^\\.B ${code}$`, 'm'));
    }
    for (const variable of ['TASKMASTER_SOCKET', 'NO_COLOR', 'XDG_CONFIG_HOME', 'XDG_RUNTIME_DIR', 'XDG_STATE_HOME']) {
      expect(text, variable).to.include(variable);
    }
  });

  it('taskmaster.unit(5) documents every key with its default, and every state', () => {
    const text = readFileSync(join(repo, 'man/taskmaster.unit.5'), 'utf8').replace(/\\-/g, '-');
    const keys = [
      'description', 'command', 'instances', 'autostart', 'restart', 'exit-codes', 'start-seconds',
      'start-retries', 'restart-delay', 'stop-signal', 'stop-timeout', 'stdout', 'stderr',
      'working-directory', 'umask', 'user', 'group', '[environment]',
    ];
    for (const key of keys) expect(text, key).to.match(new RegExp(`^\\.BR ${key.replace(/[[\]]/g, '\\$&')} "`, 'm'));
    for (const state of ['STOPPED', 'STARTING', 'RUNNING', 'BACKOFF', 'STOPPING', 'EXITED', 'FATAL']) {
      expect(text, state).to.match(new RegExp(`^\\.B ${state}$`, 'm'));
    }
    expect(text).to.include('at most 60 seconds');
  });

  it('taskmasterd(8) documents signals, socket activation, the event log and crash safety', () => {
    const text = readFileSync(join(repo, 'man/taskmasterd.8'), 'utf8');
    for (const word of ['SIGHUP', 'SIGTERM', 'SIGINT', 'LISTEN_FDS', 'LISTEN_PID', 'events.log', '.SH CRASH SAFETY',
      '/etc/taskmaster/units.d/', '/run/taskmaster/taskmaster.sock', '/var/log/taskmaster/', '/var/lib/taskmaster/']) {
      expect(text, word).to.include(word);
    }
    expect(existsSync(join(repo, 'packaging/systemd/taskmaster.socket'))).to.equal(true);
  });
});

describe('man pages: examples', function () {
  this.timeout(30000);

  it('every example unit in taskmaster.unit(5) passes taskmaster check', () => {
    // The compiled tree this test runs from (dist/ or another --outDir) is what bin/ should load.
    const dist = fileURLToPath(new URL('../../../', import.meta.url));
    const roff = readFileSync(join(repo, 'man/taskmaster.unit.5'), 'utf8');
    const blocks = [...roff.matchAll(/^\.EX\n# \/etc\/taskmaster\/units\.d\/([\w.-]+\.toml)\n([\s\S]*?)^\.EE$/gm)];
    expect(blocks.length).to.be.greaterThanOrEqual(3);
    const dir = mkdtempSync(join(tmpdir(), 'tm-man-examples-'));
    try {
      for (const [, file, body] of blocks) {
        // Undo the roff escapes used in the examples.
        const toml = body.replace(/\\-/g, '-').replace(/\\\(aq/g, "'").replace(/\\\(dq/g, '"').replace(/\\e/g, '\\');
        writeFileSync(join(dir, file), toml);
      }
      const r = run('node', ['bin/taskmaster.js', 'check', dir], { TASKMASTER_DIST: dist });
      expect(r.status, r.stdout + r.stderr).to.equal(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the packaged example unit passes taskmaster check', () => {
    const dist = fileURLToPath(new URL('../../../', import.meta.url));
    const r = run('node', ['bin/taskmaster.js', 'check', 'packaging/units.d'], { TASKMASTER_DIST: dist });
    expect(r.status, r.stdout + r.stderr).to.equal(0);
  });
});
