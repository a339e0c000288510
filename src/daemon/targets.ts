import { ErrorCode } from '../protocol/errors.js';
import type { InvalidUnitStatus } from '../protocol/model.js';
import type { Supervisor } from '../supervisor/supervisor.js';
import { formatDiagnostic } from '../units/index.js';
import { RpcFailure } from './server.js';

export interface ResolvedTarget {
  target: string;
  unit: string;
  instance: number;
}

/**
 * Expands `NAME`, `NAME:N` and `all` into instances. Any unknown name fails the whole request
 * before anything is touched, as supervisorctl does: half-applied commands surprise people.
 */
export function resolveTargets(targets: string[], supervisor: Supervisor, invalid: InvalidUnitStatus[] = []): ResolvedTarget[] {
  const resolved = new Map<string, ResolvedTarget>();
  const add = (target: string, unit: string, instance: number): void => {
    const key = `${unit}:${instance}`;
    if (!resolved.has(key)) resolved.set(key, { target, unit, instance });
  };
  for (const target of targets) {
    if (target === 'all') {
      for (const spec of supervisor.specs()) {
        for (let i = 0; i < supervisor.instanceCount(spec.name); i++) add(target, spec.name, i);
      }
      continue;
    }
    const { unit, instance } = parseTarget(target);
    if (!supervisor.has(unit)) throw unknownUnit(unit, invalid);
    const count = supervisor.instanceCount(unit);
    if (instance === null) {
      for (let i = 0; i < count; i++) add(target, unit, i);
    } else if (instance < count) {
      add(target, unit, instance);
    } else {
      throw new RpcFailure(ErrorCode.NoSuchUnit, `no such instance: ${unit}:${instance} (${unit} has ${count})`);
    }
  }
  return [...resolved.values()];
}

/** A unit whose only file is invalid is not "no such unit": say what is wrong with it. */
export function unknownUnit(unit: string, invalid: InvalidUnitStatus[]): RpcFailure {
  const broken = invalid.find((i) => i.unit === unit);
  if (!broken) return new RpcFailure(ErrorCode.NoSuchUnit, `no such unit: ${unit}`);
  const first = broken.diagnostics[0];
  const why = first ? `: ${formatDiagnostic(first)}` : '';
  return new RpcFailure(ErrorCode.InvalidUnit, `unit ${unit} is invalid and not loaded${why}`, broken.diagnostics);
}

export function parseTarget(target: string): { unit: string; instance: number | null } {
  const match = /^(.+):(\d+)$/.exec(target);
  return match ? { unit: match[1], instance: Number(match[2]) } : { unit: target, instance: null };
}
