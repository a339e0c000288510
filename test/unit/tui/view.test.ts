import { expect } from 'chai';
import { summarizeReload } from '../../../tui/daemon-actions.js';
import { actionFor, BINDINGS } from '../../../tui/keys.js';
import { InstanceTable } from '../../../tui/model/instance-table.js';
import { LogBuffer, sanitizeLogText } from '../../../tui/model/log-buffer.js';
import { chooseTerminal } from '../../../tui/terminal.js';
import { formatFooter, formatHelp } from '../../../tui/view/chrome.js';
import { columnsFor, escapeTags, formatBytes, formatDuration, formatRow } from '../../../tui/view/format.js';
import { computeGeometry } from '../../../tui/view/layout.js';

const stripTags = (text: string) => text.replace(/\{\/?[a-z-]+\}/g, '');

describe('tui formatting', () => {
  it('formats durations and sizes in at most six columns', () => {
    expect([0, 59, 60, 3599, 3600, 86399, 90000].map(formatDuration)).to.deep.equal(['0s', '59s', '1m00s', '59m59s', '1h00m', '23h59m', '1d01h']);
    expect([null, 512, 2048, 15 * 1024 * 1024, 3 * 1024 ** 3].map(formatBytes)).to.deep.equal(['-', '512B', '2.0K', '15M', '3.0G']);
  });

  it('escapes braces so a unit name or message cannot open a blessed tag', () => {
    expect(escapeTags('a{red-fg}b}')).to.equal('a{open}red-fg{close}b{close}');
  });

  it('builds a row exactly as wide as the terminal, with the state readable without colour', () => {
    const table = new InstanceTable();
    table.replaceAll(
      [{ unit: 'web', instance: 2, state: 'FATAL', pid: null, uptime_s: null, restarts: 3, exit_code: 1, signal: null, reason: 'exit 1; gave up', command: 'x', description: '', cpu_percent: null, rss_bytes: null }],
      [],
      0,
    );
    const columns = columnsFor(80, table.longestUnitName());
    const plain = formatRow(table.all()[0], 0, columns, false, { colour: false });
    expect(plain).to.have.length(80);
    expect(plain).to.match(/^ web\s+2 FATAL\s+-\s+-\s+3\s+-\s+- exit 1; gave up\s*$/);
    const coloured = formatRow(table.all()[0], 0, columns, true, { colour: true });
    expect(coloured).to.include('{red-fg}FATAL');
    expect(stripTags(coloured)).to.have.length(80);
  });

  it('keeps help and quit in the footer at any width, and lists every binding in help', () => {
    expect(formatFooter(30)).to.match(/\? help {2}q quit$/);
    expect(formatFooter(200)).to.include('x stop');
    expect(formatHelp().split('\n')).to.have.length(BINDINGS.length);
  });

  it('maps keys the way blessed reports them', () => {
    expect(actionFor('R', 'S-r')).to.equal('reload');
    expect(actionFor('?', '?')).to.equal('help');
    expect(actionFor(undefined, 'enter')).to.equal('logs');
    expect(actionFor('z', 'z')).to.equal(undefined);
  });

  it('summarises a reload plan in one line', () => {
    const outcome = summarizeReload({
      plan: { add: ['api'], remove: ['old'], restart: ['web'], scale: [{ unit: 'w', from: 1, to: 3 }], unchanged: ['a', 'b'], invalid: [] },
      applied: true,
    });
    expect(outcome).to.deep.equal({ ok: true, message: 'reload applied: +api -old ~web scale w 1->3, 2 unchanged' });
  });

  it('splits 80x24 into header, table, log pane, status and footer with nothing overlapping', () => {
    const g = computeGeometry(80, 24, false);
    expect(g.tableTop + 1 + g.tableRows).to.equal(g.logTop);
    expect(g.logTop + 1 + g.logRows).to.equal(g.statusTop);
    expect([g.statusTop, g.footerTop]).to.deep.equal([22, 23]);
    const full = computeGeometry(80, 24, true);
    expect(full.tableRows).to.equal(0);
    expect(full.logTop + 1 + full.logRows).to.equal(full.statusTop);
  });

  it('falls back to xterm when the terminfo entry is in the extended format blessed cannot read', () => {
    expect(chooseTerminal({ TERM: 'xterm-256color' })).to.equal('xterm');
    expect(chooseTerminal({ TERM: 'no-such-terminal' })).to.equal('xterm');
    expect(chooseTerminal({})).to.equal('xterm');
  });
});

describe('tui log buffer', () => {
  it('joins a line split across chunks and drops the oldest lines beyond its capacity', () => {
    const buffer = new LogBuffer(3);
    buffer.append('one\ntw');
    buffer.append('o\nthree\nfour\n');
    expect(buffer.window(80, 10)).to.deep.equal(['two', 'three', 'four']);
  });

  it('wraps long lines and scrolls back by screen lines, clamped at the top', () => {
    const buffer = new LogBuffer();
    buffer.append('abcdefgh\n1\n2\n');
    expect(buffer.window(4, 2)).to.deep.equal(['1', '2']);
    buffer.scroll(2);
    expect(buffer.window(4, 2)).to.deep.equal(['abcd', 'efgh']);
    buffer.scroll(100);
    expect(buffer.window(4, 2)).to.deep.equal(['abcd', 'efgh']);
    expect(buffer.following).to.equal(false);
    buffer.followTail();
    expect(buffer.window(4, 2)).to.deep.equal(['1', '2']);
  });

  it('strips escape sequences and control characters a program may print', () => {
    expect(sanitizeLogText('\x1b[31mred\x1b[0m\tx\x07\r')).to.equal('red    x');
  });
});
