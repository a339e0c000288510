import { expect } from 'chai';
import { formatActionResult } from '../../../src/cli/format/actions.js';
import { humanizeUptime } from '../../../src/cli/format/duration.js';
import { formatPlan } from '../../../src/cli/format/plan.js';
import { formatStatusJson } from '../../../src/cli/format/status-json.js';
import { formatStatus, formatStatusTable } from '../../../src/cli/format/status.js';
import { renderTable } from '../../../src/cli/format/table.js';
import { shouldUseColor } from '../../../src/cli/output.js';
import { formatDiagnostic } from '../../../src/units/diagnostic.js';
import { brokenUnit, instance } from './fixtures.js';

const ESC = '\u001b[';

describe('cli formatting', () => {
  describe('humanizeUptime', () => {
    const cases: Array<[number | null, string]> = [
      [null, '-'],
      [-1, '-'],
      [0, '0s'],
      [59.9, '59s'],
      [60, '1m00s'],
      [192, '3m12s'],
      [3599, '59m59s'],
      [3600, '1h00m'],
      [7500, '2h05m'],
      [86399, '23h59m'],
      [86400, '1d00h'],
      [3 * 86400 + 4 * 3600 + 59, '3d04h'],
    ];
    for (const [seconds, expected] of cases) {
      it(`${seconds} → ${expected}`, () => expect(humanizeUptime(seconds)).to.equal(expected));
    }
  });

  describe('renderTable', () => {
    it('pads every column but the last to its widest cell, two spaces apart, no trailing blanks', () => {
      const text = renderTable([{ header: 'A' }, { header: 'Num', align: 'right' }, { header: 'Last' }], [['long-name', '7', 'x'], ['b', '1234', '']], false);
      expect(text).to.equal(['A           Num  Last', 'long-name     7  x', 'b          1234'].join('\n') + '\n');
    });

    it('keeps the columns aligned when a cell is coloured', () => {
      const plain = renderTable([{ header: 'State' }, { header: 'PID' }], [[{ text: 'RUNNING', style: 'green' }, '1']], false);
      const coloured = renderTable([{ header: 'State' }, { header: 'PID' }], [[{ text: 'RUNNING', style: 'green' }, '1']], true);
      expect(coloured).to.include(`${ESC}32mRUNNING${ESC}0m`);
      expect(coloured.replace(/\u001b\[\d+m/g, '')).to.equal(plain);
    });
  });

  describe('status table', () => {
    const rows = [
      instance(),
      instance({ unit: 'worker', instance: 1, state: 'FATAL', pid: null, uptime_s: null, restarts: 3, reason: 'command not found: /x', command: '/x' }),
      instance({ unit: 'job', state: 'EXITED', pid: null, uptime_s: null, exit_code: 2, command: 'false' }),
      instance({ unit: 'killed', state: 'EXITED', pid: null, uptime_s: null, exit_code: null, signal: 'SIGKILL', command: 'sleep 9' }),
    ];

    it('has the documented columns and humanised uptime', () => {
      const lines = formatStatusTable(rows, false).split('\n');
      expect(lines[0].split(/\s+/)).to.deep.equal(['Unit', 'Instance', 'State', 'PID', 'Uptime', 'Restarts', 'Command', 'Info']);
      expect(lines[1]).to.match(/^web\s+0\s+RUNNING\s+4242\s+3m12s\s+0\s+python3 -m http.server 8080$/);
      expect(lines[2]).to.match(/^worker\s+1\s+FATAL\s+-\s+-\s+3\s+\/x\s+command not found: \/x$/);
      expect(lines[3]).to.match(/exit 2$/);
      expect(lines[4]).to.match(/killed by SIGKILL$/);
    });

    it('aligns every column: each header starts where its cells start', () => {
      const lines = formatStatusTable(rows, false).trimEnd().split('\n');
      const stateColumn = lines[0].indexOf('State');
      for (const line of lines.slice(1)) expect(line.slice(stateColumn)).to.match(/^(RUNNING|FATAL|EXITED)/);
    });

    it('colours states only when asked', () => {
      expect(formatStatusTable(rows, false)).not.to.include(ESC);
      const coloured = formatStatusTable(rows, true);
      expect(coloured).to.include(`${ESC}32mRUNNING`);
      expect(coloured).to.include(`${ESC}31mFATAL`);
      expect(coloured).to.include(`${ESC}2mEXITED`);
    });

    it('lists invalid units after the table with formatDiagnostic lines and whether the old version runs', () => {
      const text = formatStatus([instance()], [brokenUnit], false);
      expect(text).to.include('Invalid units:\n  broken (previous version still running)\n');
      expect(text).to.include(`    ${formatDiagnostic(brokenUnit.diagnostics[0])}\n`);
      expect(text).to.include('/etc/units/broken.toml:3:11: instances: expected an integer');
    });

    it('regression: status of a unit that is only an invalid file shows its diagnostics, not "no units"', () => {
      expect(formatStatus([], [brokenUnit], false)).to.equal(
        `Invalid units:\n  broken (previous version still running)\n    ${formatDiagnostic(brokenUnit.diagnostics[0])}\n`,
      );
      expect(formatStatus([], [], false)).to.equal('no units\n');
    });

    it('--json rows carry exactly the documented keys', () => {
      expect(Object.keys(JSON.parse(formatStatusJson([instance()]))[0])).to.deep.equal([
        'unit', 'instance', 'state', 'pid', 'uptime_s', 'restarts', 'exit_code', 'reason', 'command',
      ]);
    });
  });

  describe('shouldUseColor', () => {
    it('is off when stdout is not a terminal', () => expect(shouldUseColor(false, {})).to.equal(false));
    it('is on for a terminal', () => expect(shouldUseColor(true, {})).to.equal(true));
    it('is off under NO_COLOR, even on a terminal or with FORCE_COLOR', () => {
      expect(shouldUseColor(true, { NO_COLOR: '1' })).to.equal(false);
      expect(shouldUseColor(true, { NO_COLOR: '1', FORCE_COLOR: '1' })).to.equal(false);
    });
    it('ignores an empty NO_COLOR', () => expect(shouldUseColor(true, { NO_COLOR: '' })).to.equal(true));
    it('is on with FORCE_COLOR when piped', () => expect(shouldUseColor(false, { FORCE_COLOR: '1' })).to.equal(true));
  });

  describe('plan and action results', () => {
    const empty = { add: [], remove: [], restart: [], scale: [], unchanged: ['web'], invalid: [] };

    it('says nothing to do for an empty plan', () => expect(formatPlan(empty, true)).to.equal('nothing to do\n'));

    it('prints one line per change, scale with an arrow, and marks a dry run', () => {
      const plan = { ...empty, add: ['api'], remove: ['old'], restart: ['web'], scale: [{ unit: 'worker', from: 2, to: 3 }], invalid: [brokenUnit] };
      expect(formatPlan(plan, false)).to.equal(
        'add api\nremove old\nrestart web\nscale worker 2→3\ninvalid:\n  broken (previous version still running)\n' +
          '    /etc/units/broken.toml:3:11: instances: expected an integer\n(dry run: nothing applied)\n',
      );
    });

    it('formats a success and a failure', () => {
      const base = { target: 'web', unit: 'web', instance: 0 };
      expect(formatActionResult('start', { ...base, ok: true, state: 'RUNNING', message: '' }, true)).to.equal('web:0: started (RUNNING)');
      expect(formatActionResult('start', { ...base, ok: false, state: 'FATAL', message: 'command not found: /x' }, true)).to.equal(
        'web:0: FATAL: command not found: /x',
      );
      expect(formatActionResult('stop', { ...base, ok: true, state: 'STOPPING', message: '' }, false)).to.equal('web:0: stop requested (STOPPING)');
    });
  });
});

describe('cli formatting of daemon messages', () => {
  it('does not repeat the state when the message already starts with it', () => {
    const result = { target: 'manual', unit: 'manual', instance: 0, ok: false, state: 'FATAL' as const, message: 'FATAL: exit 0' };
    expect(formatActionResult('start', result, true)).to.equal('manual:0: FATAL: exit 0');
  });

  it('shows no Info for a healthy instance even when the daemon gave a reason', () => {
    const text = formatStatusTable([instance({ state: 'STARTING', reason: 'start requested' })], false);
    expect(text).not.to.include('start requested');
  });
});
