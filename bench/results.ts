import type { PeerName } from './peers/peer.js';

/** Who a figure belongs to: a supervisor, or a reference measured without one (`node -e 0`, a plain redirect). */
export type Subject = PeerName | 'reference';

/** One raw figure of one repetition. */
export interface Sample {
  metric: string;
  unit: string;
  subject: Subject;
  rep: number;
  value: number;
  /** The individual measurements behind `value` when it is itself a median (S3, S4). */
  raw?: number[];
}

/** A scenario that failed or timed out for one subject, kept in the results rather than aborting the run. */
export interface Failure {
  scenario: string;
  subject: Subject;
  rep: number;
  message: string;
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export class Recorder {
  readonly samples: Sample[] = [];
  readonly failures: Failure[] = [];

  add(sample: Sample): void {
    this.samples.push(sample);
  }

  fail(failure: Failure): void {
    this.failures.push(failure);
  }

  /** Metrics in the order they were first recorded, with their unit. */
  metrics(): Array<{ metric: string; unit: string }> {
    const seen = new Map<string, string>();
    for (const { metric, unit } of this.samples) if (!seen.has(metric)) seen.set(metric, unit);
    return [...seen].map(([metric, unit]) => ({ metric, unit }));
  }

  /**
   * One figure per metric and subject over the repetitions: the median, except for counts (of
   * pids wrongly restarted), which must be zero in every repetition and so report the worst.
   * Undefined when never measured.
   */
  summary(metric: string, subject: Subject): number | undefined {
    const matching = this.samples.filter((s) => s.metric === metric && s.subject === subject);
    if (matching.length === 0) return undefined;
    const values = matching.map((s) => s.value);
    return matching[0].unit === 'count' ? Math.max(...values) : median(values);
  }
}

/** How a scenario hands over a figure; the runner fills in subject and repetition. */
export type RecordFigure = (metric: string, unit: string, value: number, raw?: number[]) => void;
