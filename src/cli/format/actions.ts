import type { ActionResult } from '../../protocol/model.js';

export type ControlVerb = 'start' | 'stop' | 'restart';

const DONE: Record<ControlVerb, string> = { start: 'started', stop: 'stopped', restart: 'restarted' };

/** `web:0: started (RUNNING)` for a success, `web:0: FATAL: <why>` for a failure. */
export function formatActionResult(verb: ControlVerb, result: ActionResult, waited: boolean): string {
  const name = `${result.unit}:${result.instance}`;
  if (!result.ok) {
    const why = result.message || `${verb} failed`;
    // The daemon's message may already lead with the state ("FATAL: exit 0"); say it once.
    return why.startsWith(result.state) ? `${name}: ${why}` : `${name}: ${result.state}: ${why}`;
  }
  const done = waited ? DONE[verb] : `${verb} requested`;
  return `${name}: ${done} (${result.state})`;
}

export function formatActionResults(verb: ControlVerb, results: ActionResult[], waited: boolean): string {
  if (results.length === 0) return 'no instances matched\n';
  return results.map((result) => formatActionResult(verb, result, waited)).join('\n') + '\n';
}
