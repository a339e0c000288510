import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogFiles } from '../../../src/supervisor/spawn.js';
import { makeSupervisedSpec } from '../../helpers/spec-factory.js';

describe('supervisor: log files made ahead of a batch of spawns', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-logfiles-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates every instance and stream file, with mode 0640, and none for "null" or a merged stderr', () => {
    const own = path.join(dir, 'own', 'out-{instance}.log');
    createLogFiles(
      [
        makeSupervisedSpec({ name: 'web', instances: 2 }),
        makeSupervisedSpec({ name: 'quiet', stdout: { kind: 'discard' }, stderr: { kind: 'discard' } }),
        makeSupervisedSpec({ name: 'merged', stdout: { kind: 'file', path: own }, stderr: { kind: 'merge' } }),
      ],
      dir,
    );
    const made = fs.readdirSync(dir).sort();
    expect(made).to.deep.equal(['own', 'web.0.stderr.log', 'web.0.stdout.log', 'web.1.stderr.log', 'web.1.stdout.log']);
    expect(fs.readdirSync(path.join(dir, 'own'))).to.deep.equal(['out-0.log']);
    expect(fs.statSync(path.join(dir, 'web.0.stdout.log')).mode & 0o777).to.equal(0o640 & ~process.umask());
  });

  it('leaves existing logs as they are', () => {
    fs.writeFileSync(path.join(dir, 'web.0.stdout.log'), 'kept\n');
    createLogFiles([makeSupervisedSpec({ name: 'web' })], dir);
    expect(fs.readFileSync(path.join(dir, 'web.0.stdout.log'), 'utf8')).to.equal('kept\n');
  });
});
