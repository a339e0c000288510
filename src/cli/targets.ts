import { UsageError } from './errors.js';

/** What a command line names: a whole unit, one instance of it, or every unit. */
export type Target =
  | { kind: 'all' }
  | { kind: 'unit'; unit: string }
  | { kind: 'instance'; unit: string; instance: number };

const UNIT_NAME = /^[^\s:]+$/;

/** Parses `NAME`, `NAME:N` or `all`; anything else is a usage error naming the bad word. */
export function parseTarget(word: string): Target {
  if (word === 'all') return { kind: 'all' };
  const colon = word.lastIndexOf(':');
  const unit = colon === -1 ? word : word.slice(0, colon);
  if (!UNIT_NAME.test(unit)) throw new UsageError(`invalid target '${word}': expected NAME, NAME:N or all`);
  if (colon === -1) return { kind: 'unit', unit };
  const index = word.slice(colon + 1);
  if (!/^\d+$/.test(index)) throw new UsageError(`invalid target '${word}': the instance after ':' must be a number`);
  return { kind: 'instance', unit, instance: Number(index) };
}

export function formatTarget(target: Target): string {
  switch (target.kind) {
    case 'all':
      return 'all';
    case 'unit':
      return target.unit;
    case 'instance':
      return `${target.unit}:${target.instance}`;
  }
}

/** Validates every word and returns them in the daemon's wire form. */
export function parseTargets(words: string[]): string[] {
  return words.map((word) => formatTarget(parseTarget(word)));
}
