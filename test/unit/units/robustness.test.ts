import { expect } from 'chai';
import fc from 'fast-check';

import { splitCommand } from '../../../src/units/argv.js';
import { locateKeys } from '../../../src/units/key-positions.js';
import { isInvalidUnit, parseUnitSource } from '../../../src/units/parse.js';
import type { InvalidUnit, UnitSpec } from '../../../src/units/types.js';

function expectWellFormed(result: UnitSpec | InvalidUnit): void {
  if (isInvalidUnit(result)) {
    expect(result.diagnostics).to.have.length.greaterThan(0);
    for (const d of result.diagnostics) {
      expect(d.line).to.be.a('number').and.at.least(0);
      expect(d.col).to.be.a('number').and.at.least(0);
      expect(d.message).to.be.a('string').and.not.equal('');
      expect(d.file).to.equal('/u/fuzz.toml');
    }
  } else {
    expect(result.argv.length).to.be.greaterThan(0);
  }
}

const KEYS = ['command', 'instances', 'autostart', 'restart', 'exit-codes', 'stop-signal', 'umask', 'environment', 'environment.PORT', '"quoted key"', 'typo'];
const VALUES = ['"x"', "'y'", '1', '-1', '0.5', 'inf', 'nan', 'true', '[1, "a"]', '[]', '{ A = 1 }', '"""\nmulti\n"""', "'''lit'''", '1979-05-27', '"a | b"', '"\\u0000"'];
const LINES = [
  ...KEYS.flatMap((key) => VALUES.map((value) => `${key} = ${value}`)),
  '[environment]',
  '[other]',
  '[[arr]]',
  '# comment',
  '',
  '= orphan',
  '"unterminated',
  'key =',
  '[',
  ']]',
];

const tomlLike = fc.array(fc.oneof(fc.constantFrom(...LINES), fc.string({ maxLength: 20 })), { maxLength: 12 }).map((lines) => lines.join('\n'));

describe('units robustness (property)', () => {
  it('parseUnitSource never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expectWellFormed(parseUnitSource('/u/fuzz.toml', bytes));
      }),
      { numRuns: 500 },
    );
  });

  it('parseUnitSource never throws on TOML-like text', () => {
    fc.assert(
      fc.property(tomlLike, (source) => {
        expectWellFormed(parseUnitSource('/u/fuzz.toml', source));
        expectWellFormed(parseUnitSource('/u/fuzz.toml', new TextEncoder().encode(source)));
      }),
      { numRuns: 1000 },
    );
  });

  it('every schema diagnostic of a parseable document has a 1-based position', () => {
    fc.assert(
      fc.property(tomlLike, (source) => {
        const result = parseUnitSource('/u/fuzz.toml', source);
        if (!isInvalidUnit(result)) return;
        for (const d of result.diagnostics) if (d.key !== null) expect(d.line).to.be.at.least(1);
      }),
      { numRuns: 500 },
    );
  });

  it('locateKeys and splitCommand never throw on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        locateKeys(text);
        const split = splitCommand(text);
        expect('argv' in split || 'error' in split).to.equal(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('a split command round-trips through single quoting', () => {
    const word = fc.string({ minLength: 1, maxLength: 10 }).filter((s) => !s.includes('\0'));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), (argv) => {
        const quoted = argv.map((arg) => `'${arg.replace(/'/g, "'\\''")}'`).join(' ');
        expect(splitCommand(quoted)).to.deep.equal({ argv });
      }),
    );
  });

  it('survives deeply nested arrays', () => {
    const depth = 500;
    const source = `command = "x"\nexit-codes = ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    expectWellFormed(parseUnitSource('/u/fuzz.toml', source));
  });
});
