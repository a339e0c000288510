import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Client } from '../../../src/client/client.js';
import { waitFor } from '../../helpers/proc.js';
import { TuiFixture } from './tui-fixture.js';

/**
 * Not a test: `node <build>/test/e2e/tui/measure-performance.js [instances]` from the checkout.
 * Starts a daemon with N instances, the TUI in tmux, and prints key-to-screen latency (send-keys
 * until capture-pane shows the change, so tmux's own round trip is included) and the TUI
 * process's CPU over 10 idle seconds (stats arrive every second, uptimes tick).
 */
const INSTANCES = Number(process.argv[2] ?? 500);
const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}

function selectedLine(screen: string): string {
  return screen.split('\n').find((line) => line.startsWith('>') && !/^>UNIT/.test(line)) ?? '';
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function report(label: string, samples: number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const fmt = (n: number) => n.toFixed(1);
  process.stdout.write(
    `${label}: n=${sorted.length} median=${fmt(percentile(sorted, 50))} ms p95=${fmt(percentile(sorted, 95))} ms max=${fmt(sorted[sorted.length - 1])} ms\n`,
  );
}

async function measure(): Promise<void> {
  const fixture = new TuiFixture();
  try {
    fixture.writeUnit('many', 'command = ["sleep", "100600"]\ninstances = ' + INSTANCES + '\nstart-seconds = 0.2\n');
    await fixture.startDaemon();
    await waitFor(async () => (await fixture.status()).filter((s) => s.state === 'RUNNING').length === INSTANCES, `${INSTANCES} instances running`, 120000);
    fixture.startTui();
    await fixture.waitForScreen(new RegExp(`${INSTANCES} instances:.*RUNNING ${INSTANCES}`), 'the table', 30000);

    const captureCost: number[] = [];
    for (let i = 0; i < 20; i++) {
      const start = performance.now();
      fixture.screen();
      captureCost.push(performance.now() - start);
    }

    const moveLatency: number[] = [];
    for (let i = 0; i < 40; i++) {
      const before = selectedLine(fixture.screen());
      const start = performance.now();
      fixture.keys(i % 2 === 0 ? 'j' : 'k');
      await fixture.waitForScreen((s) => selectedLine(s) !== before, 'the selection to move', 5000);
      moveLatency.push(performance.now() - start);
    }

    const filterLatency: number[] = [];
    for (let i = 0; i < 10; i++) {
      fixture.keys('/');
      const start = performance.now();
      fixture.type(`many:${100 + i}`);
      await fixture.waitForScreen(/filter "many:\d+": \d+ shown/, 'the filter', 5000);
      filterLatency.push(performance.now() - start);
      fixture.keys('Escape');
      await fixture.waitForScreen((s) => !/filter "/.test(s), 'the filter cleared', 5000);
    }

    const pageLatency: number[] = [];
    for (let i = 0; i < 10; i++) {
      const before = selectedLine(fixture.screen());
      const start = performance.now();
      fixture.keys(i % 2 === 0 ? 'PageDown' : 'PageUp');
      await fixture.waitForScreen((s) => selectedLine(s) !== before, 'the page to move', 5000);
      pageLatency.push(performance.now() - start);
    }

    const tuiPid = fixture.tuiPid()!;
    const daemonPid = fixture.daemon!.pid!;
    const idleSeconds = 10;
    const tuiBefore = cpuTicks(tuiPid);
    const daemonBefore = cpuTicks(daemonPid);
    await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
    const tuiCpu = ((cpuTicks(tuiPid) - tuiBefore) / CLOCK_TICKS_PER_SECOND / idleSeconds) * 100;
    const daemonCpu = ((cpuTicks(daemonPid) - daemonBefore) / CLOCK_TICKS_PER_SECOND / idleSeconds) * 100;

    // A storm: every instance restarts (about 4 transitions each) while keys are pressed.
    const { client } = await Client.connect(fixture.socket, 'measure');
    const stormStart = cpuTicks(tuiPid);
    const stormBegan = performance.now();
    await client.request('restart', { targets: ['all'], wait: false });
    const stormLatency: number[] = [];
    for (let i = 0; i < 20; i++) {
      const before = selectedLine(fixture.screen());
      const start = performance.now();
      fixture.keys(i % 2 === 0 ? 'j' : 'k');
      await fixture.waitForScreen((s) => selectedLine(s) !== before, 'the selection to move', 5000);
      stormLatency.push(performance.now() - start);
    }
    await waitFor(async () => (await fixture.status()).filter((s) => s.state === 'RUNNING').length === INSTANCES, 'all running again', 120000);
    const stormSeconds = (performance.now() - stormBegan) / 1000;
    const stormCpu = ((cpuTicks(tuiPid) - stormStart) / CLOCK_TICKS_PER_SECOND / stormSeconds) * 100;
    client.close();

    process.stdout.write(`instances: ${INSTANCES}\n`);
    report('tmux capture-pane alone', captureCost);
    report('j/k: key to screen', moveLatency);
    report('PgDn/PgUp: key to screen', pageLatency);
    report('filter typed (7-8 keys) to screen', filterLatency);
    report('j/k during restart of all instances', stormLatency);
    process.stdout.write(`TUI CPU during that restart storm (${stormSeconds.toFixed(1)}s): ${stormCpu.toFixed(1)} %\n`);
    process.stdout.write(`TUI idle CPU over ${idleSeconds}s: ${tuiCpu.toFixed(2)} % (daemon sampling stats meanwhile: ${daemonCpu.toFixed(2)} %)\n`);
  } finally {
    await fixture.cleanup();
  }
}

await measure();
