/** Where an instance's stdout and stderr go; shared by the spawner and `Supervisor.logPath`. */
import path from 'node:path';
import type { OutputTarget, UnitSpec } from '../units/types.js';

export type Stream = 'stdout' | 'stderr';

function targetPath(target: OutputTarget, spec: UnitSpec, instance: number, stream: Stream, logDir: string): string | null {
  switch (target.kind) {
    case 'discard':
      return null;
    case 'file':
      return path.resolve(target.path.replaceAll('{instance}', String(instance)));
    case 'default':
    case 'merge':
      return path.join(logDir, `${spec.name}.${instance}.${stream}.log`);
  }
}

/** The file a stream is written to, or null when it is discarded. A merged stderr shares stdout's file. */
export function logPath(spec: UnitSpec, instance: number, stream: Stream, logDir: string): string | null {
  if (stream === 'stderr' && spec.stderr.kind === 'merge') return logPath(spec, instance, 'stdout', logDir);
  return targetPath(stream === 'stdout' ? spec.stdout : spec.stderr, spec, instance, stream, logDir);
}
