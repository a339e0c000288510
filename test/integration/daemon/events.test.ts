import { expect } from 'chai';
import type { NotificationParams } from '../../../src/protocol/methods.js';
import type { TaskmasterEvent } from '../../../src/protocol/model.js';
import { DaemonHarness } from '../../helpers/daemon-harness.js';
import { isAlive, waitFor } from '../../helpers/proc.js';

describe('daemon: subscribe and the event log', function () {
  this.timeout(40000);
  let daemon: DaemonHarness;

  beforeEach(() => {
    daemon = new DaemonHarness();
  });
  afterEach(async () => daemon.cleanup());

  it('subscribe streams every transition of a stop and a start, with pid and reason', async () => {
    daemon.writeUnit('web', 'command = ["sleep", "100041"]\nstart-seconds = 0.2\n');
    await daemon.start();
    const { pid } = await daemon.waitForState('web', 'RUNNING');
    const client = await daemon.connect();
    const events: TaskmasterEvent[] = [];
    client.on('event', (event) => events.push(event));
    expect(await client.request('subscribe', {})).to.deep.equal({ ok: true });

    await daemon.request('stop', { targets: ['web'] });
    await daemon.request('start', { targets: ['web'] });
    const steps = () => events.flatMap((e) => (e.type === 'transition' && e.unit === 'web' ? [`${e.from}>${e.to}`] : []));
    await waitFor(() => steps().length >= 4, 'four transitions');
    expect(steps()).to.deep.equal(['RUNNING>STOPPING', 'STOPPING>STOPPED', 'STOPPED>STARTING', 'STARTING>RUNNING']);
    const stopping = events.find((e) => e.type === 'transition' && e.to === 'STOPPING');
    expect(stopping).to.include({ unit: 'web', instance: 0, pid, reason: 'stop requested' });
    expect(Date.parse((stopping as { time: string }).time)).to.be.closeTo(Date.now(), 10_000);
  });

  it('subscribe with stats sends CPU and memory samples of running instances', async () => {
    daemon.writeUnit('web', 'command = ["sleep", "100042"]\nstart-seconds = 0.2\n');
    await daemon.start();
    await daemon.waitForState('web', 'RUNNING');
    const client = await daemon.connect();
    const batches: Array<NotificationParams<'stats'>> = [];
    client.on('stats', (stats) => batches.push(stats));
    await client.request('subscribe', { stats: true });
    const sample = await waitFor(
      () => batches.flatMap((b) => b.samples).find((s) => s.unit === 'web' && s.rss_bytes !== null && s.rss_bytes > 0),
      'a stats sample with memory',
      5000,
    );
    expect(sample.instance).to.equal(0);
  });

  it('a client that subscribed and went away costs nothing: later transitions still reach the others', async () => {
    daemon.writeUnit('web', 'command = ["sleep", "100043"]\nstart-seconds = 0.2\n');
    await daemon.start();
    await daemon.waitForState('web', 'RUNNING');
    const leaving = await daemon.connect();
    await leaving.request('subscribe', { stats: true });
    leaving.close();
    const staying = await daemon.connect();
    const seen: string[] = [];
    staying.on('event', (e) => e.type === 'transition' && seen.push(`${e.from}>${e.to}`));
    await staying.request('subscribe', {});
    await daemon.request('restart', { targets: ['web'] });
    await waitFor(() => seen.includes('STARTING>RUNNING'), 'the restart to be announced');
  });

  it('writes one line per event: daemon start, load plan, transitions with pid, exits with their cause, FATAL with its reason, stop', async () => {
    daemon.writeUnit('web', 'command = ["sleep", "100044"]\nstart-seconds = 0.2\n');
    daemon.writeUnit('ghost', 'command = "/nonexistent/ghost"\nstart-retries = 0\n');
    await daemon.start();
    const { pid } = await daemon.waitForState('web', 'RUNNING');
    await daemon.waitForState('ghost', 'FATAL');
    process.kill(pid!, 'SIGKILL');
    await waitFor(async () => {
      const web = await daemon.instance('web');
      return web?.state === 'RUNNING' && web.pid !== pid;
    }, 'web to be respawned');
    expect(await daemon.stop('SIGTERM')).to.equal(0);

    const lines = daemon.eventLog().trimEnd().split('\n');
    const TIME = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z`;
    for (const line of lines) expect(line).to.match(new RegExp(`^${TIME} \\S`));
    const expected = [
      /^\S+ taskmasterd \S+ started \(pid \d+, units .*\)$/,
      /^\S+ load: add ghost web$/,
      new RegExp(`^\\S+ web:0 STOPPED -> STARTING pid=\\d+ \\(start requested\\)$`),
      new RegExp(`^\\S+ web:0 STARTING -> RUNNING pid=${pid}$`),
      /^\S+ ghost:0 STARTING -> FATAL \(command not found: \/nonexistent\/ghost\)$/,
      // The new pid in pid=, the one that died in the reason: both can be grepped for.
      new RegExp(`^\\S+ web:0 RUNNING -> STARTING pid=(?!${pid}\\b)\\d+ \\(pid ${pid}: killed by SIGKILL; restarting \\(restart = on-failure\\)\\)$`),
      /^\S+ shutting down: SIGTERM$/,
      /^\S+ web:0 RUNNING -> STOPPING pid=\d+ \(stop requested\)$/,
      /^\S+ web:0 STOPPING -> STOPPED pid=\d+ \(stopped \(killed by SIGTERM\)\)$/,
      /^\S+ taskmasterd stopped$/,
    ];
    for (const pattern of expected) expect(lines.some((line) => pattern.test(line)), `${pattern} in\n${lines.join('\n')}`).to.equal(true);
    expect(lines.at(-1)).to.match(/taskmasterd stopped$/);
  });

  it('SIGINT shuts down like SIGTERM: every instance stopped, exit 0', async () => {
    daemon.writeUnit('web', 'command = ["sleep", "100045"]\nstart-seconds = 0.2\n');
    await daemon.start();
    const { pid } = await daemon.waitForState('web', 'RUNNING');
    expect(await daemon.stop('SIGINT')).to.equal(0);
    expect(isAlive(pid!)).to.equal(false);
    expect(daemon.eventLog()).to.match(/shutting down: SIGINT\n[\s\S]*taskmasterd stopped\n$/);
  });
});
