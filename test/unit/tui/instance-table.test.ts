import { expect } from 'chai';
import type { InstanceStatus, TransitionEvent } from '../../../src/protocol/index.js';
import { InstanceTable, uptimeSeconds, type InstanceRow } from '../../../tui/model/instance-table.js';
import { Selection } from '../../../tui/model/selection.js';

function status(unit: string, instance: number, overrides: Partial<InstanceStatus> = {}): InstanceStatus {
  return {
    unit,
    instance,
    state: 'RUNNING',
    pid: 1000 + instance,
    uptime_s: 10,
    restarts: 0,
    exit_code: null,
    signal: null,
    reason: null,
    command: 'sleep 1',
    description: '',
    cpu_percent: null,
    rss_bytes: null,
    ...overrides,
  };
}

function transition(unit: string, instance: number, from: TransitionEvent['from'], to: TransitionEvent['to'], pid: number | null, time: string): TransitionEvent {
  return { type: 'transition', unit, instance, from, to, pid, reason: null, time };
}

const NOW = Date.parse('2030-01-01T00:00:00Z');

describe('tui instance table', () => {
  it('sorts by unit then instance, an invalid file first within its unit', () => {
    const table = new InstanceTable();
    table.replaceAll(
      [status('web', 1), status('api', 0), status('web', 0)],
      [{ unit: 'web', file: '/u/web.toml', kept: true, diagnostics: [] }],
      NOW,
    );
    expect(table.all().map((row) => row.key)).to.deep.equal(['api:0', 'web!invalid', 'web:0', 'web:1']);
  });

  it('applies a transition to its row alone: state, pid, uptime restarting from the event time', () => {
    const table = new InstanceTable();
    table.replaceAll([status('web', 0), status('web', 1)], [], NOW);
    const before = table.get('web:1');
    expect(table.applyTransition(transition('web', 0, 'RUNNING', 'STARTING', 4242, '2029-12-31T23:59:58Z'), NOW)).to.equal(true);
    const row = table.get('web:0') as InstanceRow;
    expect(row.state).to.equal('STARTING');
    expect(row.pid).to.equal(4242);
    expect(uptimeSeconds(row, NOW)).to.equal(2);
    expect(row.restarts, 'RUNNING -> STARTING is a policy restart').to.equal(1);
    expect(table.get('web:1')).to.equal(before);
  });

  it('clears pid, uptime and stats when the process is gone, and counts states', () => {
    const table = new InstanceTable();
    table.replaceAll([status('web', 0, { cpu_percent: 3, rss_bytes: 1024 })], [], NOW);
    table.applyTransition(transition('web', 0, 'STOPPING', 'STOPPED', 1000, '2030-01-01T00:00:00Z'), NOW);
    const row = table.get('web:0') as InstanceRow;
    expect([row.pid, uptimeSeconds(row, NOW), row.cpuPercent, row.rssBytes]).to.deep.equal([null, null, null, null]);
    expect([...table.countsByState()]).to.deep.equal([['STOPPED', 1]]);
  });

  it('reports a transition for an instance it does not know, so the app can fetch a full status', () => {
    const table = new InstanceTable();
    expect(table.applyTransition(transition('new', 0, 'STOPPED', 'STARTING', 1, '2030-01-01T00:00:00Z'), NOW)).to.equal(false);
  });

  it('filters by unit:instance, case-insensitively, and keeps the filtered list until something changes', () => {
    const table = new InstanceTable();
    table.replaceAll([status('Web', 0), status('web', 1), status('api', 0)], [], NOW);
    table.setFilter('WEB');
    const first = table.visible();
    expect(first.map((row) => row.key)).to.deep.equal(['Web:0', 'web:1']);
    table.applyStats([{ unit: 'web', instance: 1, cpu_percent: 5, rss_bytes: 10 }]);
    expect(table.visible()).to.equal(first);
    table.setFilter('api:0');
    expect(table.visible().map((row) => row.key)).to.deep.equal(['api:0']);
  });

  it('replaces only the named units on a targeted refresh', () => {
    const table = new InstanceTable();
    table.replaceAll([status('web', 0), status('api', 0)], [], NOW);
    table.replaceUnits(['web'], [status('web', 0, { state: 'EXITED', exit_code: 3, pid: null, uptime_s: null })], [], NOW);
    expect((table.get('web:0') as InstanceRow).exitCode).to.equal(3);
    expect((table.get('api:0') as InstanceRow).state).to.equal('RUNNING');
  });
});

describe('tui selection', () => {
  const rows = (...keys: string[]) => keys.map((key) => ({ key }));

  it('follows its row when rows are inserted before it', () => {
    const selection = new Selection();
    selection.move(rows('a', 'b', 'c'), 1);
    expect(selection.reconcile(rows('0', 'a', 'b', 'c'))).to.equal(2);
    expect(selection.selectedKey).to.equal('b');
  });

  it('stays at the same position when its row disappears, clamped to the list', () => {
    const selection = new Selection();
    selection.move(rows('a', 'b', 'c'), 2);
    expect(selection.reconcile(rows('a', 'b'))).to.equal(1);
    expect(selection.selectedKey).to.equal('b');
  });

  it('scrolls the window just enough to keep the selection visible', () => {
    const selection = new Selection();
    const many = rows(...Array.from({ length: 100 }, (_, i) => `r${i}`));
    selection.move(many, 15);
    expect(selection.windowStart(100, 10)).to.equal(6);
    selection.move(many, -3);
    expect(selection.windowStart(100, 10)).to.equal(6);
    selection.moveTo(many, 0);
    expect(selection.windowStart(100, 10)).to.equal(0);
  });
});
