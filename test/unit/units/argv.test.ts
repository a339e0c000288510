import { expect } from 'chai';

import { splitCommand } from '../../../src/units/argv.js';

describe('units/argv splitCommand', () => {
  const splits: Array<[string, string[]]> = [
    ['node server.js', ['node', 'server.js']],
    ['  spaced \t out  ', ['spaced', 'out']],
    ['a "b c" d', ['a', 'b c', 'd']],
    ["a 'b c' d", ['a', 'b c', 'd']],
    ['x"y z"w', ['xy zw']],
    ['"" empty', ['', 'empty']],
    ["''", ['']],
    ['a\\ b', ['a b']],
    ['a\\"b', ['a"b']],
    ["'single \\ keeps backslash'", ['single \\ keeps backslash']],
    ["'it'\\''s'", ["it's"]],
    ['"dq \\" \\\\ \\$ \\` kept"', ['dq " \\ $ ` kept']],
    ['"dq \\n \\a stays"', ['dq \\n \\a stays']],
    ['"line\\\ncontinued"', ['linecontinued']],
    ['one\\\ntwo', ['onetwo']],
    ['multi\nline words', ['multi', 'line', 'words']],
    ['price 5$ "and 5$"', ['price', '5$', 'and 5$']],
    ["'$HOME | > ;'", ['$HOME | > ;']],
    ['\\$HOME \\|', ['$HOME', '|']],
    ['a#b', ['a#b']],
    ['*.log ?x [a]', ['*.log', '?x', '[a]']],
    ['ünïcödé ✓', ['ünïcödé', '✓']],
  ];
  for (const [command, argv] of splits) {
    it(`splits ${JSON.stringify(command)}`, () => {
      expect(splitCommand(command)).to.deep.equal({ argv });
    });
  }

  const errors: Array<[string, RegExp]> = [
    ['', /command is empty/],
    ['   \t ', /command is empty/],
    ["echo 'open", /unterminated single quote at character 6/],
    ['echo "open', /unterminated double quote at character 6/],
    ['echo "a\\"', /unterminated double quote/],
    ['trailing \\', /lone backslash/],
    ['a | b', /unquoted "\|" at character 3 needs a shell/],
    ['a > out.log', /unquoted ">"/],
    ['a < in', /unquoted "<"/],
    ['a && b', /unquoted "&"/],
    ['a; b', /unquoted ";"/],
    ['echo $HOME', /unquoted "\$"/],
    ['echo ${X}', /unquoted "\$"/],
    ['echo $(date)', /unquoted "\$"/],
    ['echo `date`', /unquoted "`"/],
    ['(sub)', /unquoted "\("/],
    ['cmd # comment', /unquoted "#"/],
    ['echo "$HOME"', /"\$" at character 7 would be expanded by a shell even in double quotes/],
    ['echo "`x`"', /"`" .* would be expanded/],
  ];
  for (const [command, message] of errors) {
    it(`rejects ${JSON.stringify(command)}`, () => {
      const result = splitCommand(command);
      expect(result).to.have.property('error').that.matches(message);
    });
  }
});
