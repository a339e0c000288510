import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { LineDecoder } from '../../../src/protocol/framing.js';
import { Methods } from '../../../src/protocol/methods.js';
import { TASKMASTER_VERSION } from '../../../src/protocol/version.js';

function decode(chunks: string[], max?: number): { lines: string[]; overflowed: boolean } {
  const lines: string[] = [];
  let overflowed = false;
  const decoder = new LineDecoder((l) => lines.push(l), () => (overflowed = true), max);
  for (const chunk of chunks) decoder.push(chunk);
  return { lines, overflowed };
}

describe('protocol framing', () => {
  it('splits lines across arbitrary chunk boundaries', () => {
    expect(decode(['{"a":', '1}\n{"b"', ':2}\n{"c":3']).lines).to.deep.equal(['{"a":1}', '{"b":2}']);
  });

  it('skips blank lines', () => {
    expect(decode(['\n\n  \n{"a":1}\n']).lines).to.deep.equal(['{"a":1}']);
  });

  it('reports a line over the limit once, even without a newline, and stops', () => {
    const result = decode(['x'.repeat(10), 'y'.repeat(10), '\n{"a":1}\n'], 15);
    expect(result.overflowed).to.equal(true);
    expect(result.lines).to.deep.equal([]);
  });

  it('accepts a line exactly at the limit', () => {
    expect(decode(['x'.repeat(15) + '\n'], 15).lines).to.have.length(1);
  });
});

describe('protocol methods', () => {
  it('fills defaults for action params', () => {
    expect(Methods.start.params.parse({ targets: ['web'] })).to.deep.equal({ targets: ['web'], wait: true });
  });

  it('rejects an empty target list', () => {
    expect(Methods.stop.params.safeParse({ targets: [] }).success).to.equal(false);
  });

  it('keeps the release version equal to package.json', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(TASKMASTER_VERSION).to.equal(pkg.version);
  });
});
