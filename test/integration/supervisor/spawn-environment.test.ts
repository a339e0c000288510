import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { makeSupervisedSpec } from '../../helpers/spec-factory.js';
import type { UnitSpec } from '../../../src/units/types.js';
import { harnessPerTest, readText } from './harness.js';

const isRoot = process.getuid?.() === 0;

describe('supervisor with real processes: what a child gets', function () {
  this.timeout(30_000);
  const h = harnessPerTest();

  /** Runs a short script once (restart = never) and waits for it to exit. */
  async function runOnce(overrides: Partial<UnitSpec> & { name: string }): Promise<void> {
    h.supervisor.add(makeSupervisedSpec({ restart: 'never', startSeconds: 0, ...overrides }));
    for (let index = 0; index < (overrides.instances ?? 1); index++) {
      await h.supervisor.start(overrides.name, index, false);
      await h.waitForState(overrides.name, 'EXITED', index);
    }
  }

  it('gets the daemon environment plus TASKMASTER_UNIT, TASKMASTER_INSTANCE and [environment]', async () => {
    process.env.TM_FROM_DAEMON = 'inherited';
    try {
      await runOnce({
        name: 'env',
        instances: 2,
        argv: ['sh', '-c', 'echo "$TASKMASTER_UNIT $TASKMASTER_INSTANCE $GREETING $TM_FROM_DAEMON"'],
        environment: { GREETING: 'hello world' },
      });
    } finally {
      delete process.env.TM_FROM_DAEMON;
    }
    expect(readText(h.supervisor.logPath('env', 0, 'stdout')!)).to.equal('env 0 hello world inherited\n');
    expect(readText(h.supervisor.logPath('env', 1, 'stdout')!)).to.equal('env 1 hello world inherited\n');
  });

  it('runs in working-directory', async () => {
    const work = path.join(h.dir, 'work');
    fs.mkdirSync(work);
    await runOnce({ name: 'cwd', argv: ['pwd'], workingDirectory: work });
    expect(readText(h.supervisor.logPath('cwd', 0, 'stdout')!)).to.equal(`${fs.realpathSync(work)}\n`);
  });

  it('applies umask to the child only, and restores the daemon umask', async () => {
    const daemonUmask = process.umask(0o022);
    process.umask(daemonUmask);
    await runOnce({ name: 'mask', argv: ['sh', '-c', 'umask; touch made-by-child'], umask: 0o077, workingDirectory: h.dir });
    expect(readText(h.supervisor.logPath('mask', 0, 'stdout')!)).to.equal('0077\n');
    expect(fs.statSync(path.join(h.dir, 'made-by-child')).mode & 0o777).to.equal(0o600);
    const after = process.umask(0o022);
    process.umask(after);
    expect(after).to.equal(daemonUmask);
  });

  it('a missing working directory is a failed start with its reason', async () => {
    h.supervisor.add(makeSupervisedSpec({ name: 'nodir', workingDirectory: '/nonexistent/srv', startRetries: 0 }));
    const outcome = await h.supervisor.start('nodir', 0, true);
    expect(outcome.message).to.equal('FATAL: no such directory: /nonexistent/srv');
  });

  it('an unknown user is a failed start with its reason, not a crash', async () => {
    h.supervisor.add(makeSupervisedSpec({ name: 'nouser', user: 'no-such-user-tm', startRetries: 0 }));
    const outcome = await h.supervisor.start('nouser', 0, true);
    expect(outcome.message).to.equal('FATAL: unknown user: no-such-user-tm');
  });

  (isRoot ? it : it.skip)('runs as user = "nobody" when the daemon is root', async () => {
    await runOnce({ name: 'drop', argv: ['sh', '-c', 'id -u; id -G; echo "$USER"'], user: 'nobody', workingDirectory: '/' });
    const nobody = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((line) => line.startsWith('nobody:'))!.split(':');
    const [uid, gid] = [nobody[2], nobody[3]];
    expect(readText(h.supervisor.logPath('drop', 0, 'stdout')!)).to.equal(`${uid}\n${gid}\nnobody\n`);
  });

  it('writes stdout and stderr to their default files under the log directory', async () => {
    await runOnce({ name: 'streams', argv: ['sh', '-c', 'echo to-out; echo to-err >&2'] });
    const out = h.supervisor.logPath('streams', 0, 'stdout')!;
    const err = h.supervisor.logPath('streams', 0, 'stderr')!;
    expect(out).to.equal(path.join(h.logDir, 'streams.0.stdout.log'));
    expect(err).to.equal(path.join(h.logDir, 'streams.0.stderr.log'));
    expect(readText(out)).to.equal('to-out\n');
    expect(readText(err)).to.equal('to-err\n');
    expect(fs.statSync(out).mode & 0o777).to.equal(0o640 & ~process.umask(process.umask(0)));
  });

  it('appends across runs instead of truncating', async () => {
    await runOnce({ name: 'twice', argv: ['echo', 'line'] });
    await h.supervisor.start('twice', 0, false);
    await h.waitForState('twice', 'EXITED');
    expect(readText(h.supervisor.logPath('twice', 0, 'stdout')!)).to.equal('line\nline\n');
  });

  it('"null" discards a stream: no path, no file', async () => {
    await runOnce({ name: 'quiet', argv: ['sh', '-c', 'echo gone; echo kept >&2'], stdout: { kind: 'discard' } });
    expect(h.supervisor.logPath('quiet', 0, 'stdout')).to.equal(null);
    expect(fs.existsSync(path.join(h.logDir, 'quiet.0.stdout.log'))).to.equal(false);
    expect(readText(h.supervisor.logPath('quiet', 0, 'stderr')!)).to.equal('kept\n');
  });

  it('stderr = "stdout" merges both streams into the stdout file, in order', async () => {
    await runOnce({ name: 'merged', argv: ['sh', '-c', 'echo one; echo two >&2; echo three'], stderr: { kind: 'merge' } });
    const out = h.supervisor.logPath('merged', 0, 'stdout')!;
    expect(h.supervisor.logPath('merged', 0, 'stderr')).to.equal(out);
    expect(readText(out)).to.equal('one\ntwo\nthree\n');
    expect(fs.existsSync(path.join(h.logDir, 'merged.0.stderr.log'))).to.equal(false);
  });

  it('expands {instance} in explicit paths and creates missing directories', async () => {
    const pattern = path.join(h.dir, 'custom', 'deep', 'worker-{instance}.log');
    await runOnce({ name: 'custom', instances: 2, argv: ['sh', '-c', 'echo "i=$TASKMASTER_INSTANCE"'], stdout: { kind: 'file', path: pattern } });
    expect(readText(path.join(h.dir, 'custom', 'deep', 'worker-0.log'))).to.equal('i=0\n');
    expect(readText(path.join(h.dir, 'custom', 'deep', 'worker-1.log'))).to.equal('i=1\n');
    expect(h.supervisor.logPath('custom', 1, 'stdout')).to.equal(path.join(h.dir, 'custom', 'deep', 'worker-1.log'));
  });
});
