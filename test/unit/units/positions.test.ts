import { expect } from 'chai';

import { formatDiagnostic } from '../../../src/units/diagnostic.js';
import { keyPathId, locateKeys } from '../../../src/units/key-positions.js';
import { isInvalidUnit, parseUnitSource } from '../../../src/units/parse.js';

function positionOf(source: string, ...path: string[]): string {
  const found = locateKeys(source).get(keyPathId(path));
  return found ? `${found.line}:${found.col}` : 'none';
}

function problems(source: string): string[] {
  const result = parseUnitSource('u.toml', source);
  return isInvalidUnit(result) ? result.diagnostics.map(formatDiagnostic) : [];
}

describe('units/key-positions locateKeys', () => {
  const cases: Array<[string, string, string[], string]> = [
    ['bare key', 'a = 1\n  instances = 2', ['instances'], '2:3'],
    ['quoted key', '"instances" = 2', ['instances'], '1:1'],
    ['literal quoted key', "x = 1\n'stop-signal' = 'X'", ['stop-signal'], '2:1'],
    ['escaped quoted key', '"a\\u0062c" = 1', ['abc'], '1:1'],
    ['table header', '# top\n[environment]\nPORT = "1"', ['environment'], '2:2'],
    ['table header with spaces', '[ environment ] # c\n  PORT = "1"', ['environment', 'PORT'], '2:3'],
    ['key inside a table', '[environment]\nA = "1"\nPORT = 8080', ['environment', 'PORT'], '3:1'],
    ['dotted key', 'environment.PORT = 1', ['environment', 'PORT'], '1:13'],
    ['dotted key with spaces', 'environment . "PORT" = 1', ['environment', 'PORT'], '1:15'],
    ['dotted key prefix', 'x = 1\nenvironment.PORT = 1', ['environment'], '2:1'],
    ['inline table key', 'environment = { A = "1", PORT = 2 }', ['environment', 'PORT'], '1:26'],
    ['nested inline table key', 'a = { b = { c = 1 } }', ['a', 'b', 'c'], '1:13'],
    ['key after a multi-line basic string', 'command = """\ninstances = 5\n"""\ninstances = "x"', ['instances'], '4:1'],
    ['key after a multi-line literal string', "command = '''\ninstances = 5\n'''\ninstances = 1", ['instances'], '4:1'],
    ['quotes inside multi-line strings', 'a = """ "" \\""" still """\nb = 1', ['b'], '2:1'],
    ['extra closing quotes', 'a = """x""""\nb = 1', ['b'], '2:1'],
    ['key after a multi-line array with comments', 'exit-codes = [\n  0, # instances = 1\n  "]", 2,\n]\ninstances = 1', ['instances'], '5:1'],
    ['array of arrays', 'a = [[1, [2]], ["]"]]\nb = 1', ['b'], '2:1'],
    ['hash inside a string is not a comment', 'a = "# not = comment"\nb = 1', ['b'], '2:1'],
    ['comment lines', '# instances = 1\n\n  # x = 2\ninstances = 3', ['instances'], '4:1'],
    ['CRLF line endings', 'a = 1\r\n\r\n  b = 2\r\n', ['b'], '3:3'],
    ['tabs count as one column', '\tb = 2', ['b'], '1:2'],
    ['first occurrence wins', 'a.b = 1\na.c = 2', ['a'], '1:1'],
    ['keys inside inline tables in arrays are not addressable', 'a = [{ b = 1 }]', ['b'], 'none'],
  ];
  for (const [label, source, path, expected] of cases) {
    it(label, () => {
      expect(positionOf(source, ...path)).to.equal(expected);
    });
  }

  it('never throws or hangs on unbalanced input', () => {
    for (const source of ['[', 'a = [', 'a = {', 'a = """', "a = '''x", '"', "'", 'a.', '= 1', '[[x', 'a = "\\', '\\']) {
      expect(() => locateKeys(source)).not.to.throw();
    }
  });
});

describe('units diagnostics point at the key', () => {
  it('in a multi-line file with strings, arrays and comments before the bad key', () => {
    const source = [
      '# Web server', // 1
      'description = """', // 2
      'instances = 99999', // 3 (inside the string)
      '"""', // 4
      'command = [', // 5
      '  "node",', // 6
      '  "server.js", # stop-signal = "X"', // 7
      ']', // 8
      '', // 9
      '    stop-signal = "BOGUS"', // 10
      '[environment]', // 11
      'HOME = "/srv"', // 12
      '  PORT = 8080', // 13
    ].join('\n');
    expect(problems(source)).to.deep.equal([
      'u.toml:10:5: stop-signal: unknown signal "BOGUS"; expected one of TERM, INT, QUIT, HUP, KILL, USR1, USR2',
      'u.toml:13:3: environment.PORT: expected a string (quote the value), got 8080',
    ]);
  });

  it('for environment keys written as dotted keys and inline tables', () => {
    expect(problems('command = "x"\nenvironment.PORT = 1\n')).to.deep.equal([
      'u.toml:2:13: environment.PORT: expected a string (quote the value), got 1',
    ]);
    expect(problems('command = "x"\nenvironment = { OK = "1", PORT = 1 }\n')).to.deep.equal([
      'u.toml:2:27: environment.PORT: expected a string (quote the value), got 1',
    ]);
  });

  it('for a syntax error, at the position smol-toml reports', () => {
    expect(problems('command = "x"\ninstances = 1\n  restart = "always')).to.deep.equal([
      'u.toml:3:13: TOML syntax error: unfinished string',
    ]);
  });

  it('for a missing required key, at 1:1', () => {
    expect(problems('\n\ninstances = 2\n')).to.deep.equal(['u.toml:1:1: command: required key is missing']);
  });
});
