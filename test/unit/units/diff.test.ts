import { expect } from 'chai';

import { canonicalProcessForm } from '../../../src/units/canonical.js';
import { diff } from '../../../src/units/diff.js';
import type { InvalidUnit, LoadResult, Plan, UnitSpec } from '../../../src/units/types.js';
import { makeSpec } from '../../helpers/spec-factory.js';

/** `command` stays "run" whatever `argv` says, so each field's effect on the plan is seen alone. */
const unit = (name: string, overrides: Partial<UnitSpec> = {}): UnitSpec => makeSpec({ name, command: 'run', ...overrides });

function broken(name: string): InvalidUnit {
  return { name, file: `/units/${name}.toml`, diagnostics: [{ file: `/units/${name}.toml`, line: 1, col: 1, key: null, message: 'bad' }] };
}

/** A plan reduced to names, so table rows stay readable. */
function summary(plan: Plan) {
  return {
    add: plan.add.map((u) => u.name),
    remove: plan.remove,
    restart: plan.restart.map((u) => `${u.name}×${u.instances}`),
    scale: plan.scale.map((s) => `${s.unit.name} ${s.from}→${s.to}`),
    unchanged: plan.unchanged.map((u) => u.name),
    invalid: plan.invalid.map((i) => `${i.name}${i.kept ? ' (kept)' : ''}`),
  };
}

const EMPTY = { add: [], remove: [], restart: [], scale: [], unchanged: [], invalid: [] };

describe('units/diff', () => {
  const cases: Array<{ label: string; current: UnitSpec[]; next: LoadResult; expected: Partial<ReturnType<typeof summary>> }> = [
    { label: 'nothing to nothing', current: [], next: { units: [], invalid: [] }, expected: {} },
    { label: 'add', current: [], next: { units: [unit('web')], invalid: [] }, expected: { add: ['web'] } },
    { label: 'remove', current: [unit('web')], next: { units: [], invalid: [] }, expected: { remove: ['web'] } },
    {
      label: 'command change → restart',
      current: [unit('web')],
      next: { units: [unit('web', { command: 'run2', argv: ['run2'] })], invalid: [] },
      expected: { restart: ['web×1'] },
    },
    {
      label: 'env change → restart',
      current: [unit('web', { environment: { A: '1' } })],
      next: { units: [unit('web', { environment: { A: '2' } })], invalid: [] },
      expected: { restart: ['web×1'] },
    },
    {
      label: 'env order alone → unchanged',
      current: [unit('web', { environment: { A: '1', B: '2' } })],
      next: { units: [unit('web', { environment: { B: '2', A: '1' } })], invalid: [] },
      expected: { unchanged: ['web'] },
    },
    {
      label: 'stop-signal change → restart',
      current: [unit('web')],
      next: { units: [unit('web', { stopSignal: 'SIGINT' })], invalid: [] },
      expected: { restart: ['web×1'] },
    },
    {
      label: 'description-only → unchanged',
      current: [unit('web')],
      next: { units: [unit('web', { description: 'new words' })], invalid: [] },
      expected: { unchanged: ['web'] },
    },
    {
      label: 'autostart-only → unchanged',
      current: [unit('web')],
      next: { units: [unit('web', { autostart: false })], invalid: [] },
      expected: { unchanged: ['web'] },
    },
    {
      label: 'file moved only → unchanged',
      current: [unit('web')],
      next: { units: [unit('web', { file: '/elsewhere/web.toml' })], invalid: [] },
      expected: { unchanged: ['web'] },
    },
    {
      label: 'instances 2→3 → scale',
      current: [unit('web', { instances: 2 })],
      next: { units: [unit('web', { instances: 3 })], invalid: [] },
      expected: { scale: ['web 2→3'] },
    },
    {
      label: 'instances 3→1 → scale',
      current: [unit('web', { instances: 3 })],
      next: { units: [unit('web', { instances: 1 })], invalid: [] },
      expected: { scale: ['web 3→1'] },
    },
    {
      label: 'instances and description → scale',
      current: [unit('web', { instances: 1 })],
      next: { units: [unit('web', { instances: 2, description: 'x' })], invalid: [] },
      expected: { scale: ['web 1→2'] },
    },
    {
      label: 'instances + command → restart with the new count',
      current: [unit('web', { instances: 2 })],
      next: { units: [unit('web', { instances: 5, argv: ['other'] })], invalid: [] },
      expected: { restart: ['web×5'] },
    },
    {
      label: 'invalid over running → invalid kept, not removed',
      current: [unit('web')],
      next: { units: [], invalid: [broken('web')] },
      expected: { invalid: ['web (kept)'] },
    },
    {
      label: 'invalid new → invalid not kept',
      current: [],
      next: { units: [], invalid: [broken('web')] },
      expected: { invalid: ['web'] },
    },
    {
      label: 'everything at once, every list sorted by name',
      current: [unit('zeta'), unit('alpha'), unit('m-scale', { instances: 2 }), unit('b-restart'), unit('a-restart'), unit('keep'), unit('gone2'), unit('gone1')],
      next: {
        units: [
          unit('new2'),
          unit('new1'),
          unit('m-scale', { instances: 4 }),
          unit('b-restart', { umask: 0o22 }),
          unit('a-restart', { user: 'nobody' }),
          unit('zeta', { description: 'z' }),
          unit('alpha'),
        ],
        invalid: [broken('keep'), broken('brand-new')],
      },
      expected: {
        add: ['new1', 'new2'],
        remove: ['gone1', 'gone2'],
        restart: ['a-restart×1', 'b-restart×1'],
        scale: ['m-scale 2→4'],
        unchanged: ['alpha', 'zeta'],
        invalid: ['brand-new', 'keep (kept)'],
      },
    },
  ];

  for (const { label, current, next, expected } of cases) {
    it(label, () => {
      const plan = diff(new Map(current.map((u) => [u.name, u])), next);
      expect(summary(plan)).to.deep.equal({ ...EMPTY, ...expected });
    });
  }

  it('carries the new spec in restart, scale and unchanged', () => {
    const next = unit('web', { description: 'new', instances: 2 });
    const plan = diff(new Map([['web', unit('web')]]), { units: [next], invalid: [] });
    expect(plan.scale[0].unit).to.equal(next);
  });

  it('keeps the diagnostics of invalid units', () => {
    const bad = broken('web');
    const plan = diff(new Map(), { units: [], invalid: [bad] });
    expect(plan.invalid[0]).to.deep.equal({ ...bad, kept: false });
  });
});

describe('units/canonicalProcessForm', () => {
  it('ignores description, instances, autostart and file', () => {
    const a = unit('web');
    const b = unit('web', { description: 'd', instances: 9, autostart: false, file: '/x/web.toml' });
    expect(canonicalProcessForm(a)).to.equal(canonicalProcessForm(b));
  });

  it('includes every other field, so a new field counts by default', () => {
    const base = unit('web');
    const changes: Array<Partial<UnitSpec>> = [
      { command: 'x' },
      { argv: ['x'] },
      { restart: 'always' },
      { exitCodes: [0, 1] },
      { startSeconds: 2 },
      { startRetries: 1 },
      { restartDelay: 3 },
      { stopSignal: 'SIGKILL' },
      { stopTimeout: 1 },
      { stdout: { kind: 'discard' } },
      { stderr: { kind: 'merge' } },
      { workingDirectory: '/tmp' },
      { umask: 0 },
      { user: 'u' },
      { group: 'g' },
      { environment: { A: '' } },
    ];
    for (const change of changes) {
      expect(canonicalProcessForm(unit('web', change)), JSON.stringify(change)).not.to.equal(canonicalProcessForm(base));
    }
    const extended = { ...base, futureField: 1 } as UnitSpec;
    expect(canonicalProcessForm(extended)).not.to.equal(canonicalProcessForm(base));
  });

  it('is independent of environment key order but not of argv order', () => {
    expect(canonicalProcessForm(unit('w', { environment: { A: '1', B: '2' } }))).to.equal(
      canonicalProcessForm(unit('w', { environment: { B: '2', A: '1' } })),
    );
    expect(canonicalProcessForm(unit('w', { argv: ['a', 'b'] }))).not.to.equal(canonicalProcessForm(unit('w', { argv: ['b', 'a'] })));
  });
});
