import { expect } from 'chai';
import { isAlive, waitFor } from '../../helpers/proc.js';
import { TuiFixture } from './tui-fixture.js';

const rowOf = TuiFixture.rowOf;

describe('tui: driven through tmux against a real daemon', function () {
  this.timeout(60000);
  const fixture = new TuiFixture();

  before(async () => {
    fixture.writeUnit('sleeper', 'description = "sleeps"\ncommand = ["sleep", "100501"]\nstart-seconds = 0.2\n');
    fixture.writeUnit('victim', 'command = ["sleep", "100502"]\nstart-seconds = 0.2\n');
    fixture.writeUnit('pool', 'command = ["sleep", "100503"]\ninstances = 2\nstart-seconds = 0.2\n');
    fixture.writeUnit(
      'talker',
      'command = ["sh", "-c", "i=0; while true; do i=$((i+1)); echo talker-out-$i; echo talker-err-$i >&2; sleep 0.3; done"]\nstart-seconds = 0.2\n',
    );
    fixture.writeUnit('broken', 'command = ["true"]\nno-such-key = 1\n');
    fixture.writeUnit('doomed', 'command = ["sh", "-c", "exit 7"]\nstart-seconds = 1\nstart-retries = 1\nrestart-delay = 0.1\n');
    await fixture.startDaemon();
    await fixture.waitForState('doomed', 'FATAL');
    await fixture.waitForState('talker', 'RUNNING');
    await fixture.waitForState('pool', 'RUNNING', 1);
  });
  afterEach(() => fixture.stopTui());
  after(() => fixture.cleanup());

  it('shows the daemon, every instance with its state, counts by state and the invalid unit with its diagnostic', async () => {
    fixture.startTui();
    const screen = await fixture.waitForScreen((s) => (rowOf(s, 'pool', 1) ?? '').includes('RUNNING'), 'the table');
    expect(screen).to.include(`socket ${fixture.socket}`);
    expect(screen).to.include(`units ${fixture.unitsDir}`);
    expect(screen).to.match(/6 instances:.*FATAL 1.*RUNNING 5/);
    expect(rowOf(screen, 'doomed')).to.match(/FATAL\s+-\s+-\s+\d+\s+-\s+-\s+exit 7/);
    expect(screen).to.match(/INVALID 1/);
    for (const unit of ['sleeper', 'victim', 'talker']) expect(rowOf(screen, unit)).to.match(/RUNNING\s+\d+/);
    expect(screen).to.match(/^>?\s*broken\s+INVALID\s+broken\.toml:2:1: no-such-key/m);
    // Selected (it sorts first), its full diagnostic is in the log pane.
    expect(screen).to.include(`${fixture.unitsDir}/broken.toml:2:1: no-such-key:`);
    // Memory from the stats stream, and an uptime that ticks without a re-poll.
    const sleeperRow = await fixture.waitForScreen((s) => /\d(\.\d)?[KM]\b/.test(rowOf(s, 'sleeper') ?? ''), 'memory of sleeper');
    const uptime = (s: string) => /RUNNING\s+\d+\s+(\S+)/.exec(rowOf(s, 'sleeper') ?? '')?.[1];
    await fixture.waitForScreen((s) => uptime(s) !== uptime(sleeperRow), 'the uptime to tick');
    // The footer is always there.
    expect(screen.trimEnd().split('\n').pop()).to.match(/s start\s+x stop.*\? help\s+q quit/);
  });

  it('x stops the selected instance (the daemon confirms) and the row follows the transition', async () => {
    fixture.startTui();
    await fixture.waitForScreen((s) => (rowOf(s, 'victim') ?? '').includes('RUNNING'), 'victim running');
    fixture.keys('/');
    fixture.type('victim');
    fixture.keys('Enter');
    await fixture.waitForScreen((s) => (rowOf(s, 'victim') ?? '').startsWith('>'), 'victim selected');
    fixture.keys('x');
    await fixture.waitForScreen(/stop victim:0: /, 'the action result in the status line');
    await fixture.waitForState('victim', 'STOPPED');
    await fixture.waitForScreen((s) => /STOPPED\s+-\s+-/.test(rowOf(s, 'victim') ?? ''), 'victim STOPPED in the table');
    fixture.keys('s');
    await fixture.waitForState('victim', 'RUNNING');
    await fixture.waitForScreen((s) => (rowOf(s, 'victim') ?? '').includes('RUNNING'), 'victim running again');
  });

  it('/ narrows the table to matching names and Esc brings every row back', async () => {
    fixture.startTui();
    await fixture.waitForScreen((s) => rowOf(s, 'talker') !== undefined, 'the table');
    fixture.keys('/');
    fixture.type('poo');
    const filtered = await fixture.waitForScreen(/filter "poo": 2 shown/, 'the filter to apply');
    expect(rowOf(filtered, 'pool', 0)).to.not.equal(undefined);
    expect(rowOf(filtered, 'pool', 1)).to.not.equal(undefined);
    expect(rowOf(filtered, 'talker')).to.equal(undefined);
    expect(rowOf(filtered, 'sleeper')).to.equal(undefined);
    fixture.keys('Escape');
    const all = await fixture.waitForScreen((s) => rowOf(s, 'talker') !== undefined, 'every row back');
    expect(all).to.not.match(/filter "/);
  });

  it('the log pane shows the selected instance\'s output as it comes, e switches to stderr, v to the event log', async () => {
    fixture.startTui();
    await fixture.waitForScreen((s) => rowOf(s, 'talker') !== undefined, 'the table');
    fixture.keys('/');
    fixture.type('talker');
    fixture.keys('Enter');
    const first = await fixture.waitForScreen(/LOGS talker:0 stdout[\s\S]*talker-out-\d+/, 'talker output in the log pane');
    const last = (screen: string) => Math.max(...[...screen.matchAll(/talker-out-(\d+)/g)].map((m) => Number(m[1])));
    const seen = last(first);
    await fixture.waitForScreen((s) => /talker-out-\d+/.test(s) && last(s) > seen, 'new lines followed');
    fixture.keys('Tab', 'k');
    await fixture.waitForScreen(/^>LOGS talker:0 stdout\s+\(scrolled back/m, 'the focused log pane scrolled back');
    fixture.keys('End');
    await fixture.waitForScreen(/^>LOGS talker:0 stdout\s+\(following\)/m, 'following again');
    fixture.keys('Tab', 'e');
    await fixture.waitForScreen(/LOGS talker:0 stderr[\s\S]*talker-err-\d+/, 'stderr');
    fixture.keys('v');
    await fixture.waitForScreen(/LOGS daemon events[\s\S]*talker:0 .*RUNNING/, 'the event log');
  });

  it('f shows the logs full screen and back; ? lists every key', async () => {
    fixture.startTui();
    await fixture.waitForScreen((s) => rowOf(s, 'talker') !== undefined, 'the table');
    fixture.keys('f');
    await fixture.waitForScreen((s) => /^>LOGS /m.test(s) && !/UNIT\s+#\s+STATE/.test(s), 'logs full screen');
    fixture.keys('f');
    await fixture.waitForScreen(/UNIT\s+#\s+STATE/, 'the table back');
    fixture.keys('?');
    const help = await fixture.waitForScreen(/keys - \? or Esc closes/, 'the help overlay');
    for (const key of ['Up k', 'Down j', 's ', 'x ', 'r ', 'R ', '/ ', 'Esc', 'Tab', 'Enter l', 'e ', 'v ', 'f ', '? ', 'q Ctrl-c']) {
      expect(help, key).to.include(key);
    }
    fixture.keys('Escape');
    await fixture.waitForScreen((s) => !/keys - \?/.test(s), 'help closed');
  });

  it('redraws at the new size when the terminal is resized, down to 80x24', async () => {
    fixture.startTui({ width: 120, height: 40 });
    await fixture.waitForScreen((s) => rowOf(s, 'talker') !== undefined, 'the table');
    fixture.tmux('resize-window', '-t', 'tui', '-x', '80', '-y', '24');
    const screen = await fixture.waitForScreen((s) => {
      const lines = s.split('\n');
      return /q quit/.test(lines[23] ?? '') && (lines[24] ?? '') === '';
    }, 'the footer on line 24');
    const lines = screen.split('\n');
    expect(lines.every((line) => line.length <= 80)).to.equal(true);
    expect(lines[0]).to.match(/^Taskmaster /);
    expect(rowOf(screen, 'talker')).to.match(/RUNNING/);
    expect(screen).to.match(/LOGS /);
  });

  it('says so when the daemon goes away and reconnects when it is back', async () => {
    fixture.startTui();
    await fixture.waitForScreen((s) => (rowOf(s, 'talker') ?? '').includes('RUNNING'), 'the table');
    await fixture.stopDaemon();
    await fixture.waitForScreen(/DAEMON UNREACHABLE/, 'the lost connection shown');
    await fixture.startDaemon();
    await fixture.waitForState('talker', 'RUNNING');
    await fixture.waitForScreen((s) => !/DAEMON UNREACHABLE/.test(s) && (rowOf(s, 'talker') ?? '').includes('RUNNING'), 'reconnected');
  });

  it('R reloads and shows the plan; a new unit appears in the table', async () => {
    fixture.startTui();
    await fixture.waitForScreen((s) => rowOf(s, 'talker') !== undefined, 'the table');
    fixture.writeUnit('newcomer', 'command = ["sleep", "100504"]\nstart-seconds = 0.2\n');
    fixture.keys('R');
    await fixture.waitForScreen(/reload applied: /, 'the plan in the status line');
    await fixture.waitForScreen((s) => rowOf(s, 'newcomer') !== undefined, 'the new unit in the table');
  });

  it('colours states unless NO_COLOR is set', async () => {
    fixture.startTui();
    await fixture.waitForScreen((s) => (rowOf(s, 'talker') ?? '').includes('RUNNING'), 'the table');
    expect(fixture.tmux('capture-pane', '-p', '-e', '-t', 'tui')).to.match(/\x1b\[[0-9;]*32m\s*RUNNING/);
    fixture.stopTui();
    fixture.startTui({ env: { NO_COLOR: '1' } });
    await fixture.waitForScreen((s) => (rowOf(s, 'talker') ?? '').includes('RUNNING'), 'the table');
    expect(fixture.tmux('capture-pane', '-p', '-e', '-t', 'tui')).to.not.match(/\x1b\[[0-9;]*3[1-7]m/);
  });

  it('q detaches: the terminal is back in normal mode and the daemon keeps running', async () => {
    fixture.startTui();
    await fixture.waitForScreen((s) => rowOf(s, 'talker') !== undefined, 'the table');
    expect(fixture.alternateScreenOn()).to.equal(true);
    const tuiPid = fixture.tuiPid()!;
    fixture.keys('q');
    const screen = await fixture.waitForScreen(/TUI-EXIT=0[\s\S]*echo/, 'the shell after the TUI', 15000, () => fixture.screenWithHistory());
    expect(screen).to.match(/^icanon$/m);
    expect(screen).to.match(/^echo$/m);
    expect(fixture.alternateScreenOn()).to.equal(false);
    await waitFor(() => !isAlive(tuiPid), 'the TUI process to end');
    expect(isAlive(fixture.daemon!.pid!)).to.equal(true);
    expect((await fixture.status()).find((s) => s.unit === 'talker')?.state).to.equal('RUNNING');
  });

  it('SIGTERM restores the terminal too', async () => {
    fixture.startTui();
    await fixture.waitForScreen((s) => rowOf(s, 'talker') !== undefined, 'the table');
    process.kill(fixture.tuiPid()!, 'SIGTERM');
    const screen = await fixture.waitForScreen(/TUI-EXIT=0[\s\S]*echo/, 'the shell after the TUI', 15000, () => fixture.screenWithHistory());
    expect(screen).to.match(/^icanon$/m);
    expect(fixture.alternateScreenOn()).to.equal(false);
  });

  it('an uncaught exception restores the terminal and reports the error', async () => {
    fixture.startTui({ env: { TUI_TEST_CRASH_AFTER_MS: '1500' } });
    await fixture.waitForScreen((s) => rowOf(s, 'talker') !== undefined, 'the table');
    const screen = await fixture.waitForScreen(/TUI-EXIT=1[\s\S]*echo/, 'the shell after the crash', 15000, () => fixture.screenWithHistory());
    expect(screen).to.include('deliberate crash for the test');
    expect(screen).to.match(/^icanon$/m);
    expect(fixture.alternateScreenOn()).to.equal(false);
  });
});
