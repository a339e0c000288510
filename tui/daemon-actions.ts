import type { Result } from '../src/protocol/index.js';
import type { DaemonSession } from './session.js';

export type InstanceAction = 'start' | 'stop' | 'restart';

export interface Outcome {
  ok: boolean;
  message: string;
}

/** Sends the action without waiting for the process to settle: the table shows the transitions. */
export async function runInstanceAction(session: DaemonSession, action: InstanceAction, target: string): Promise<Outcome> {
  try {
    const { results } = await session.request(action, { targets: [target], wait: false });
    return summarizeResults(action, target, results);
  } catch (error) {
    return { ok: false, message: `${action} ${target}: ${errorMessage(error)}` };
  }
}

export function summarizeResults(action: InstanceAction, target: string, results: Result<'start'>['results']): Outcome {
  if (results.length === 0) return { ok: false, message: `${action} ${target}: nothing to do` };
  const failed = results.filter((result) => !result.ok);
  if (failed.length > 0) {
    const first = failed[0];
    return { ok: false, message: `${action} ${first.unit}:${first.instance}: ${first.message}` };
  }
  if (results.length === 1) {
    const only = results[0];
    return { ok: true, message: `${action} ${only.unit}:${only.instance}: ${only.message || only.state}` };
  }
  return { ok: true, message: `${action} ${target}: ${results.length} instances` };
}

export async function runReload(session: DaemonSession): Promise<Outcome> {
  try {
    return summarizeReload(await session.request('reload', { dry_run: false }));
  } catch (error) {
    return { ok: false, message: `reload: ${errorMessage(error)}` };
  }
}

/** One line such as `reload applied: +api -old ~web scale worker 2->4, 3 unchanged, 1 invalid`. */
export function summarizeReload({ plan, applied }: Result<'reload'>): Outcome {
  const parts: string[] = [];
  if (plan.add.length) parts.push(`+${plan.add.join(' +')}`);
  if (plan.remove.length) parts.push(`-${plan.remove.join(' -')}`);
  if (plan.restart.length) parts.push(`~${plan.restart.join(' ~')}`);
  for (const scale of plan.scale) parts.push(`scale ${scale.unit} ${scale.from}->${scale.to}`);
  const changes = parts.length ? parts.join(' ') : 'no changes';
  const invalid = plan.invalid.length ? `, ${plan.invalid.length} invalid (${plan.invalid.map((unit) => unit.unit).join(', ')})` : '';
  return {
    ok: applied && plan.invalid.length === 0,
    message: `reload ${applied ? 'applied' : 'NOT applied'}: ${changes}, ${plan.unchanged.length} unchanged${invalid}`,
  };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
