import type { Client } from '../../client/client.js';

export type Completer = (line: string, callback: (error: Error | null, result: [string[], string]) => void) => void;

/** Commands whose arguments are unit targets, and whether `all` is one of them. */
const TAKES_TARGETS: Record<string, { all: boolean }> = {
  status: { all: false },
  start: { all: true },
  stop: { all: true },
  restart: { all: true },
  logs: { all: false },
};

/**
 * Completes the command name in first position and unit names (and NAME:N) after a command that
 * takes targets. Unit names are fetched from the daemon at each Tab, so they are never stale.
 */
export function createCompleter(commandNames: string[], client: Client): Completer {
  return (line, callback) => {
    const words = line.split(/\s+/);
    const current = words[words.length - 1] ?? '';
    if (words.length <= 1) {
      callback(null, [finished(commandNames.filter((name) => name.startsWith(current))), current]);
      return;
    }
    const takes = TAKES_TARGETS[words[0]];
    if (!takes || current.startsWith('-')) {
      callback(null, [[], current]);
      return;
    }
    client
      .request('status', {})
      .then(({ instances, invalid }) => {
        const candidates = new Set<string>(takes.all ? ['all'] : []);
        for (const i of instances) candidates.add(i.unit).add(`${i.unit}:${i.instance}`);
        for (const unit of invalid) candidates.add(unit.unit);
        // Offer NAME:N only once the user has typed the colon, so the first Tab lists plain names.
        const matches = [...candidates].filter((c) => c.startsWith(current) && (current.includes(':') || !c.includes(':')));
        callback(null, [finished(matches.sort()), current]);
      })
      .catch(() => callback(null, [[], current]));
  };
}

/** A single match is a finished word: add the space readline does not, as bash does, ready for the next word. */
function finished(matches: string[]): string[] {
  return matches.length === 1 ? [`${matches[0]} `] : matches;
}
