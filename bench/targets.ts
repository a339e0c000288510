import type { Recorder, Subject } from './results.js';

/** Figures a target may compare Taskmaster's figure with. */
type Lookup = (metric: string, subject: Subject) => number | undefined;

export interface Target {
  /** Which metrics (rows) the target judges. */
  appliesTo: RegExp;
  /** As printed in the table. */
  text: string;
  /** True when met, false when missed, undefined when a figure it needs is absent. */
  judge(taskmaster: number, metric: string, lookup: Lookup): boolean | undefined;
}

function ratioAtMost(limit: number, subject: Subject, metricOf: (metric: string) => string = (m) => m) {
  return (taskmaster: number, metric: string, lookup: Lookup) => {
    const other = lookup(metricOf(metric), subject);
    return other === undefined ? undefined : taskmaster <= limit * other;
  };
}

/** Issue 7's targets for Taskmaster, measured on a 2-core machine with the peers in the same run. */
export const TARGETS: Target[] = [
  { appliesTo: /^S1 cold start/, text: '≤ 1.5× floor', judge: ratioAtMost(1.5, 'floor') },
  { appliesTo: /^S2 RSS N=/, text: '≤ 55 MB', judge: (value) => value <= 55 },
  // One clock tick (10 ms) in 10 s is 0.1 %: "0.0 %" means not a single tick.
  { appliesTo: /^S2 idle CPU/, text: '0.0 %', judge: (value) => value < 0.05 },
  {
    appliesTo: /^S3 respawn/,
    text: '≤ 1.5× floor, < pm2',
    judge: (value, metric, lookup) => {
      const floor = ratioAtMost(1.5, 'floor')(value, metric, lookup);
      const pm2 = lookup(metric, 'pm2');
      if (floor === undefined) return undefined;
      return floor && (pm2 === undefined || value < pm2);
    },
  },
  { appliesTo: /^S4 CLI status/, text: '≤ 1.6× node -e 0', judge: ratioAtMost(1.6, 'reference', () => 'S4 bare node -e 0') },
  { appliesTo: /^S4 protocol round trip/, text: '≤ 20 ms', judge: (value) => value <= 20 },
  {
    appliesTo: /^S5 log throughput/,
    text: '≥ 0.9× straight to file',
    judge: (value, metric, lookup) => {
      const straight = lookup(metric, 'reference');
      return straight === undefined ? undefined : value >= 0.9 * straight;
    },
  },
  { appliesTo: /^S5 supervisor CPU/, text: '< 0.1 s', judge: (value) => value < 0.1 },
  { appliesTo: /^S6 reload command →/, text: '≤ 120 ms', judge: (value) => value <= 120 },
  { appliesTo: /^S6 file write →/, text: '≤ 250 ms', judge: (value) => value <= 250 },
  { appliesTo: /other pids changed/, text: '0', judge: (value) => value === 0 },
];

export interface Verdict {
  text: string;
  met: boolean | undefined;
}

/** The target of a metric and whether Taskmaster's summary figure meets it; null when the metric has none. */
export function judge(metric: string, recorder: Recorder): Verdict | null {
  const target = TARGETS.find((candidate) => candidate.appliesTo.test(metric));
  if (!target) return null;
  const taskmaster = recorder.summary(metric, 'taskmaster');
  const met = taskmaster === undefined ? undefined : target.judge(taskmaster, metric, (m, s) => recorder.summary(m, s));
  return { text: target.text, met };
}
