/**
 * Splits a `command` string into argv the way a POSIX shell splits words, without running a shell:
 * quotes and backslashes are honoured, nothing is expanded.
 *
 * Characters a shell would interpret (pipes, redirections, `;`, `&`, `$`, backquotes, parentheses,
 * a `#` starting a word) are rejected when unquoted rather than passed through literally: a unit
 * that says `cmd > out.log` expects a redirection, and silently handing `>` to the program as an
 * argument would hide the mistake. Quote or escape them to mean them literally, or write
 * `["sh", "-c", "..."]` to get a shell.
 */

export type SplitResult = { argv: string[] } | { error: string };

const BLANKS = new Set([' ', '\t', '\n', '\r']);
const SHELL_OPERATORS = new Set(['|', '&', ';', '<', '>', '(', ')', '`']);
/** What may follow `$` for a shell to expand it; a `$` before anything else is literal in a shell too. */
const EXPANSION_START = /[A-Za-z0-9_{(@*#?$!-]/;
/** Inside double quotes a backslash escapes only these (POSIX 2.2.3); elsewhere it stays literal. */
const DOUBLE_QUOTE_ESCAPABLE = new Set(['$', '`', '"', '\\', '\n']);

const SHELL_HINT = 'quote or escape it to pass it literally, or use ["sh", "-c", "..."] for shell features';

export function splitCommand(command: string): SplitResult {
  const argv: string[] = [];
  let word = '';
  // A word exists once any part of it was seen, so `""` yields an empty argument.
  let inWord = false;
  let i = 0;

  while (i < command.length) {
    const ch = command[i];

    if (BLANKS.has(ch)) {
      if (inWord) argv.push(word);
      word = '';
      inWord = false;
      i++;
      continue;
    }

    if (ch === '\\') {
      const next = command[i + 1];
      if (next === undefined) return { error: 'command ends with a lone backslash' };
      // Backslash-newline is a line continuation: both characters vanish.
      if (next !== '\n') {
        word += next;
        inWord = true;
      }
      i += 2;
      continue;
    }

    if (ch === "'") {
      const close = command.indexOf("'", i + 1);
      if (close === -1) return { error: `unterminated single quote at character ${i + 1}` };
      word += command.slice(i + 1, close);
      inWord = true;
      i = close + 1;
      continue;
    }

    if (ch === '"') {
      const scanned = scanDoubleQuoted(command, i + 1);
      if ('error' in scanned) return scanned;
      word += scanned.text;
      inWord = true;
      i = scanned.end;
      continue;
    }

    if (SHELL_OPERATORS.has(ch) || (ch === '#' && !inWord) || startsExpansion(command, i)) {
      return { error: `unquoted ${JSON.stringify(ch)} at character ${i + 1} needs a shell; ${SHELL_HINT}` };
    }

    word += ch;
    inWord = true;
    i++;
  }

  if (inWord) argv.push(word);
  if (argv.length === 0) return { error: 'command is empty' };
  return { argv };
}

/** Reads a double-quoted section starting just after the opening quote; `end` is past the closing quote. */
function scanDoubleQuoted(command: string, start: number): { text: string; end: number } | { error: string } {
  let text = '';
  let i = start;
  while (i < command.length) {
    const ch = command[i];
    if (ch === '"') return { text, end: i + 1 };
    if (ch === '\\' && i + 1 < command.length && DOUBLE_QUOTE_ESCAPABLE.has(command[i + 1])) {
      if (command[i + 1] !== '\n') text += command[i + 1];
      i += 2;
      continue;
    }
    if (ch === '`' || startsExpansion(command, i)) {
      return { error: `${JSON.stringify(ch)} at character ${i + 1} would be expanded by a shell even in double quotes; escape it as \\${ch}` };
    }
    text += ch;
    i++;
  }
  return { error: `unterminated double quote at character ${start}` };
}

function startsExpansion(command: string, index: number): boolean {
  return command[index] === '$' && index + 1 < command.length && EXPANSION_START.test(command[index + 1]);
}
