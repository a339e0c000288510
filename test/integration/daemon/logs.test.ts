import { expect } from 'chai';
import { RpcError } from '../../../src/client/client.js';
import { ErrorCode } from '../../../src/protocol/errors.js';
import { DaemonHarness } from '../../helpers/daemon-harness.js';
import { waitFor } from '../../helpers/proc.js';

describe('daemon: logs of each stream', function () {
  this.timeout(30000);
  let daemon: DaemonHarness;

  before(async () => {
    daemon = new DaemonHarness();
    const script = (out: string, err: string) => `command = ["sh", "-c", "echo ${out}; echo ${err} >&2; exec sleep 100051"]\nstart-seconds = 0.2\n`;
    daemon.writeUnit('split', script('to-out', 'to-err'));
    daemon.writeUnit('quiet', `${script('gone', 'kept')}stdout = "null"\n`);
    daemon.writeUnit('merged', `${script('one', 'two')}stderr = "stdout"\n`);
    await daemon.start();
    for (const unit of ['split', 'quiet', 'merged']) await daemon.waitForState(unit, 'RUNNING');
  });
  after(async () => daemon.cleanup());

  const text = async (unit: string, stream: 'stdout' | 'stderr') =>
    waitFor(async () => (await daemon.request('logs', { unit, stream, lines: 10 })).text, `${unit}'s ${stream}`);

  it('stdout and stderr are read from their own files', async () => {
    expect(await text('split', 'stdout')).to.equal('to-out\n');
    expect(await text('split', 'stderr')).to.equal('to-err\n');
  });

  it('logs of a stream that is "null" is a clear NotFollowable error; the other stream still reads', async () => {
    const error = await daemon.request('logs', { unit: 'quiet', stream: 'stdout' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(RpcError);
    expect(error).to.include({ code: ErrorCode.NotFollowable, message: 'stdout of quiet:0 is discarded ("null")' });
    expect(await text('quiet', 'stderr')).to.equal('kept\n');
  });

  it('stderr = "stdout": both streams read the one merged file', async () => {
    await waitFor(async () => (await daemon.request('logs', { unit: 'merged', lines: 10 })).text === 'one\ntwo\n', 'both lines');
    expect(await text('merged', 'stderr')).to.equal('one\ntwo\n');
  });
});
