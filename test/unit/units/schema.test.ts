import { expect } from 'chai';

import { formatDiagnostic } from '../../../src/units/diagnostic.js';
import { isInvalidUnit, parseUnitSource } from '../../../src/units/parse.js';
import type { UnitSpec } from '../../../src/units/types.js';

const FILE = '/srv/units/web.toml';
const COMMAND = 'command = "run"\n';

function parseValid(source: string, file = FILE): UnitSpec {
  const result = parseUnitSource(file, source);
  if (isInvalidUnit(result)) throw new Error(`expected a valid unit, got:\n${result.diagnostics.map(formatDiagnostic).join('\n')}`);
  return result;
}

/** Formatted diagnostics with the directory stripped, e.g. `web.toml:2:1: instances: ...`. */
function problems(source: string, file = FILE): string[] {
  const result = parseUnitSource(file, source);
  if (!isInvalidUnit(result)) return [];
  return result.diagnostics.map((d) => formatDiagnostic(d).replace('/srv/units/', ''));
}

describe('units/schema defaults', () => {
  it('fills every default from a file with only a command', () => {
    expect(parseValid(COMMAND)).to.deep.equal({
      name: 'web',
      file: FILE,
      description: '',
      command: 'run',
      argv: ['run'],
      instances: 1,
      autostart: true,
      restart: 'on-failure',
      exitCodes: [0],
      startSeconds: 1,
      startRetries: 3,
      restartDelay: 1,
      stopSignal: 'SIGTERM',
      stopTimeout: 10,
      stdout: { kind: 'default' },
      stderr: { kind: 'default' },
      workingDirectory: null,
      umask: null,
      user: null,
      group: null,
      environment: {},
    });
  });

  it('keeps `file` exactly as given and derives the name from its basename', () => {
    const spec = parseValid(COMMAND, 'relative/dir/api@2.toml');
    expect(spec.file).to.equal('relative/dir/api@2.toml');
    expect(spec.name).to.equal('api@2');
  });
});

describe('units/schema valid values', () => {
  const cases: Array<[string, string, Partial<UnitSpec>]> = [
    ['description', 'description = "Web server"', { description: 'Web server' }],
    ['command string', 'command = "node \'my app.js\' --port 80"', { command: "node 'my app.js' --port 80", argv: ['node', 'my app.js', '--port', '80'] }],
    ['command array', 'command = ["sh", "-c", "echo $HOME | cat"]', { command: 'sh -c echo $HOME | cat', argv: ['sh', '-c', 'echo $HOME | cat'] }],
    ['instances', 'instances = 4', { instances: 4 }],
    ['instances at the cap', 'instances = 1000', { instances: 1000 }],
    ['autostart', 'autostart = false', { autostart: false }],
    ['restart always', 'restart = "always"', { restart: 'always' }],
    ['restart never', 'restart = "never"', { restart: 'never' }],
    ['exit-codes sorted and unique', 'exit-codes = [2, 0, 2, 255]', { exitCodes: [0, 2, 255] }],
    ['exit-codes empty', 'exit-codes = []', { exitCodes: [] }],
    ['start-seconds fractional', 'start-seconds = 0.5', { startSeconds: 0.5 }],
    ['start-seconds zero', 'start-seconds = 0', { startSeconds: 0 }],
    ['start-retries', 'start-retries = 0', { startRetries: 0 }],
    ['restart-delay', 'restart-delay = 2.5', { restartDelay: 2.5 }],
    ['stop-signal short', 'stop-signal = "INT"', { stopSignal: 'SIGINT' }],
    ['stop-signal with SIG', 'stop-signal = "SIGQUIT"', { stopSignal: 'SIGQUIT' }],
    ['stop-signal lower case', 'stop-signal = "usr1"', { stopSignal: 'SIGUSR1' }],
    ['stop-signal KILL', 'stop-signal = "kill"', { stopSignal: 'SIGKILL' }],
    ['stop-timeout', 'stop-timeout = 0.25', { stopTimeout: 0.25 }],
    ['stdout absolute', 'stdout = "/var/log/web-{instance}.log"', { stdout: { kind: 'file', path: '/var/log/web-{instance}.log' } }],
    ['stdout relative to the unit file', 'stdout = "logs/{instance}.out"', { stdout: { kind: 'file', path: '/srv/units/logs/{instance}.out' } }],
    ['stdout null', 'stdout = "null"', { stdout: { kind: 'discard' } }],
    ['stdout literal file named null', 'stdout = "./null"', { stdout: { kind: 'file', path: '/srv/units/null' } }],
    ['stderr merge', 'stderr = "stdout"', { stderr: { kind: 'merge' } }],
    ['stderr null', 'stderr = "null"', { stderr: { kind: 'discard' } }],
    ['working-directory', 'working-directory = "/srv/app"', { workingDirectory: '/srv/app' }],
    [
      'relative stdout resolves against working-directory',
      'working-directory = "/srv/app"\nstdout = "out.log"\nstderr = "../err.log"',
      { stdout: { kind: 'file', path: '/srv/app/out.log' }, stderr: { kind: 'file', path: '/srv/err.log' } },
    ],
    ['umask', 'umask = "022"', { umask: 0o22 }],
    ['umask four digits', 'umask = "0077"', { umask: 0o77 }],
    ['umask zero', 'umask = "0"', { umask: 0 }],
    ['user and group', 'user = "www-data"\ngroup = "www-data"', { user: 'www-data', group: 'www-data' }],
    ['environment table', '[environment]\nPORT = "8080"\n"WITH SPACE" = ""', { environment: { PORT: '8080', 'WITH SPACE': '' } }],
    ['environment dotted', 'environment.PORT = "1"', { environment: { PORT: '1' } }],
    ['environment inline', 'environment = { A = "1", B = "2" }', { environment: { A: '1', B: '2' } }],
  ];
  for (const [label, line, expected] of cases) {
    it(label, () => {
      const source = line.startsWith('command') ? line : `${COMMAND}${line}\n`;
      expect(parseValid(source)).to.deep.include(expected);
    });
  }
});

describe('units/schema invalid values', () => {
  // Each source has `command` on line 1 (unless the case is about it), so the bad key sits on line 2.
  const cases: Array<[string, string, string[]]> = [
    ['empty file', '', ['web.toml:1:1: command: required key is missing']],
    ['command missing', 'description = "x"\n', ['web.toml:1:1: command: required key is missing']],
    ['command empty string', 'command = ""', ['web.toml:1:1: command: command is empty']],
    ['command blank', 'command = "   "', ['web.toml:1:1: command: command is empty']],
    ['command empty array', 'command = []', ['web.toml:1:1: command: command array is empty; it needs at least the program']],
    ['command empty program', 'command = ["", "x"]', ['web.toml:1:1: command: the program (first element) is an empty string']],
    ['command number', 'command = 5', ['web.toml:1:1: command: expected a command string or a non-empty array of strings, got 5']],
    ['command array of numbers', 'command = ["a", 1]', ['web.toml:1:1: command: expected a command string or a non-empty array of strings, got ["a",1]']],
    ['command unterminated quote', "command = 'run \"x'", ['web.toml:1:1: command: unterminated double quote at character 5']],
    ['command with a pipe', 'command = "a | b"', [`web.toml:1:1: command: unquoted "|" at character 3 needs a shell; quote or escape it to pass it literally, or use ["sh", "-c", "..."] for shell features`]],
    ['description number', 'description = 1', ['web.toml:2:1: description: expected a string, got 1']],
    ['instances string', 'instances = "two"', ['web.toml:2:1: instances: expected an integer >= 1, got "two"']],
    ['instances zero', 'instances = 0', ['web.toml:2:1: instances: expected an integer >= 1, got 0']],
    ['instances negative', 'instances = -3', ['web.toml:2:1: instances: expected an integer >= 1, got -3']],
    ['instances fractional', 'instances = 1.5', ['web.toml:2:1: instances: expected an integer >= 1, got 1.5']],
    ['instances above cap', 'instances = 1001', ['web.toml:2:1: instances: expected at most 1000 instances, got 1001']],
    ['autostart string', 'autostart = "yes"', ['web.toml:2:1: autostart: expected true or false, got "yes"']],
    ['restart unknown', 'restart = "sometimes"', ['web.toml:2:1: restart: expected "always", "on-failure" or "never", got "sometimes"']],
    ['exit-codes not array', 'exit-codes = 0', ['web.toml:2:1: exit-codes: expected an array of exit codes (integers 0-255), got 0']],
    ['exit-codes out of range', 'exit-codes = [0, 256]', ['web.toml:2:1: exit-codes: item 2: expected an integer 0-255, got 256']],
    ['exit-codes negative', 'exit-codes = [-1]', ['web.toml:2:1: exit-codes: item 1: expected an integer 0-255, got -1']],
    ['start-seconds negative', 'start-seconds = -1', ['web.toml:2:1: start-seconds: expected a number of seconds >= 0 and <= 86400, got -1']],
    ['start-seconds inf', 'start-seconds = inf', ['web.toml:2:1: start-seconds: expected a number of seconds >= 0 and <= 86400, got inf']],
    ['start-seconds nan', 'start-seconds = nan', ['web.toml:2:1: start-seconds: expected a number of seconds >= 0 and <= 86400, got nan']],
    ['start-retries fractional', 'start-retries = 1.5', ['web.toml:2:1: start-retries: expected an integer >= 0, got 1.5']],
    ['start-retries negative', 'start-retries = -1', ['web.toml:2:1: start-retries: expected an integer >= 0, got -1']],
    ['restart-delay too long', 'restart-delay = 1e9', ['web.toml:2:1: restart-delay: expected a number of seconds >= 0 and <= 86400, got 1000000000']],
    ['restart-delay string', 'restart-delay = "1s"', ['web.toml:2:1: restart-delay: expected a number of seconds >= 0 and <= 86400, got "1s"']],
    ['stop-signal unknown', 'stop-signal = "SIGFOO"', ['web.toml:2:1: stop-signal: unknown signal "SIGFOO"; expected one of TERM, INT, QUIT, HUP, KILL, USR1, USR2']],
    ['stop-signal number', 'stop-signal = 15', ['web.toml:2:1: stop-signal: expected a signal name (TERM, INT, QUIT, HUP, KILL, USR1, USR2), got 15']],
    ['stop-timeout zero', 'stop-timeout = 0', ['web.toml:2:1: stop-timeout: expected a number of seconds > 0 and <= 86400, got 0']],
    ['stdout empty', 'stdout = ""', ['web.toml:2:1: stdout: expected a file path or "null" to discard, got an empty string']],
    ['stdout number', 'stdout = 1', ['web.toml:2:1: stdout: expected a file path or "null" to discard, got 1']],
    ['stdout into stdout', 'stdout = "stdout"', ['web.toml:2:1: stdout: "stdout" cannot be used for stdout; write "./stdout" for a file of that name']],
    ['working-directory relative', 'working-directory = "srv/app"', ['web.toml:2:1: working-directory: expected an absolute path (starting with "/"), got "srv/app"']],
    ['umask not octal', 'umask = "089"', ['web.toml:2:1: umask: expected an octal string such as "022" (at most 0777), got "089"']],
    ['umask too big', 'umask = "1777"', ['web.toml:2:1: umask: expected an octal string such as "022" (at most 0777), got "1777"']],
    ['umask integer', 'umask = 18', ['web.toml:2:1: umask: expected an octal string such as "022", got 18']],
    ['user empty', 'user = ""', ['web.toml:2:1: user: expected a non-empty user name, got ""']],
    ['group number', 'group = 0', ['web.toml:2:1: group: expected a non-empty group name, got 0']],
    ['environment not a table', 'environment = "PORT=1"', ['web.toml:2:1: environment: expected a table of strings, got "PORT=1"']],
    ['environment number value', '[environment]\nPORT = 8080', ['web.toml:3:1: environment.PORT: expected a string (quote the value), got 8080']],
    ['environment bad name', '[environment]\n"A=B" = "x"', ['web.toml:3:1: environment.A=B: invalid variable name: it must be non-empty and contain no "=" or NUL']],
    ['environment NUL value', 'environment.X = "a\\u0000b"', ['web.toml:2:13: environment.X: must not contain NUL characters']],
    ['unknown key', 'restart_delay = 3', ['web.toml:2:1: restart_delay: unknown key; did you mean "restart-delay"?']],
    ['unknown key, no suggestion', 'colour = "red"', ['web.toml:2:1: colour: unknown key']],
    ['unknown table', '[logging]\nlevel = "debug"', ['web.toml:2:2: logging: unknown table; the only table allowed is [environment]']],
    ['array of tables', '[[hooks]]\nrun = "x"', ['web.toml:2:3: hooks: unknown key']],
    ['duplicate key', 'instances = 1\ninstances = 2', ['web.toml:3:1: TOML syntax error: trying to redefine an already defined table or value']],
    ['TOML syntax error', 'instances = = 2', ['web.toml:2:13: TOML syntax error: invalid value']],
  ];
  for (const [label, line, expected] of cases) {
    it(label, () => {
      const source = line.startsWith('command') || label.startsWith('command') || label === 'empty file' ? line : `${COMMAND}${line}\n`;
      expect(problems(source)).to.deep.equal(expected);
    });
  }

  it('reports every problem in one pass, in source order', () => {
    const source = [
      'instances = 0', // 1
      'restart = "maybe"', // 2
      'typo = 1', // 3
      '[environment]', // 4
      'A = 1', // 5
      'B = true', // 6
    ].join('\n');
    expect(problems(source)).to.deep.equal([
      'web.toml:1:1: command: required key is missing',
      'web.toml:1:1: instances: expected an integer >= 1, got 0',
      'web.toml:2:1: restart: expected "always", "on-failure" or "never", got "maybe"',
      'web.toml:3:1: typo: unknown key',
      'web.toml:5:1: environment.A: expected a string (quote the value), got 1',
      'web.toml:6:1: environment.B: expected a string (quote the value), got true',
    ]);
  });

  it('shortens long received values', () => {
    const [problem] = problems(`${COMMAND}restart = "${'y'.repeat(100)}"\n`);
    expect(problem).to.match(/got "y{38}…$/);
  });
});

describe('units/schema file names', () => {
  const cases: Array<[string, string]> = [
    ['/u/all.toml', '/u/all.toml: the unit name "all" is reserved; rename the file'],
    ['/u/my app.toml', '/u/my app.toml: invalid unit name "my app": use only letters, digits, "_", ".", "@" and "-" (no spaces)'],
    ['/u/web.conf', '/u/web.conf: unit files must be named NAME.toml'],
    ['/u/.toml', '/u/.toml: the unit name (file name without .toml) is empty'],
  ];
  for (const [file, message] of cases) {
    it(`rejects ${JSON.stringify(file)}`, () => {
      const result = parseUnitSource(file, COMMAND);
      expect(isInvalidUnit(result)).to.equal(true);
      if (isInvalidUnit(result)) expect(result.diagnostics.map(formatDiagnostic)).to.deep.equal([message]);
    });
  }

  it('accepts letters, digits, _ . @ -', () => {
    expect(parseValid(COMMAND, '/u/A-z_0.9@x.toml').name).to.equal('A-z_0.9@x');
  });
});

describe('units/parse results', () => {
  it('freezes specs so the loader cache cannot be mutated by accident', () => {
    const spec = parseValid(`${COMMAND}[environment]\nA = "1"\n`);
    expect(Object.isFrozen(spec)).to.equal(true);
    expect(Object.isFrozen(spec.environment)).to.equal(true);
    expect(Object.isFrozen(spec.argv)).to.equal(true);
  });

  it('accepts bytes, skipping a UTF-8 byte order mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(COMMAND)]);
    expect(parseUnitSource(FILE, bytes)).to.deep.include({ argv: ['run'] });
  });
});
