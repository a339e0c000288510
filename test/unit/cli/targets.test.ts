import { expect } from 'chai';
import { UsageError } from '../../../src/cli/errors.js';
import { parseTarget, parseTargets } from '../../../src/cli/targets.js';
import { splitWords } from '../../../src/cli/shell/words.js';

describe('cli targets', () => {
  it('parses NAME, NAME:N and all', () => {
    expect(parseTarget('web')).to.deep.equal({ kind: 'unit', unit: 'web' });
    expect(parseTarget('web:2')).to.deep.equal({ kind: 'instance', unit: 'web', instance: 2 });
    expect(parseTarget('all')).to.deep.equal({ kind: 'all' });
    expect(parseTarget('my-app.v2')).to.deep.equal({ kind: 'unit', unit: 'my-app.v2' });
  });

  for (const bad of ['', 'web:', 'web:x', 'web:-1', ':1', 'a b', 'web:1:2']) {
    it(`rejects '${bad}' as a usage error`, () => expect(() => parseTarget(bad)).to.throw(UsageError));
  }

  it('keeps the wire form of valid targets', () => expect(parseTargets(['web', 'db:1', 'all'])).to.deep.equal(['web', 'db:1', 'all']));
});

describe('shell word splitting', () => {
  it('splits on blanks and honours quotes and backslashes', () => {
    expect(splitWords('  start  web:0   db ')).to.deep.equal(['start', 'web:0', 'db']);
    expect(splitWords(`logs "my unit" 'a b' c\\ d ""`)).to.deep.equal(['logs', 'my unit', 'a b', 'c d', '']);
  });
  it('rejects an unterminated quote', () => expect(() => splitWords('logs "web')).to.throw(UsageError));
});
