/**
 * Training step benchmarks (issue: analytical ≤ 0.05 s; flow ≤ 30 s and ≤ 4 GiB): each fidelity runs in a
 * fresh child process (bench/training-step.ts), so its time and peak RSS are not those of earlier benches.
 * Analytical: best of three runs; flow: one run (it is the slow one).
 */
import type { Bench } from './main.ts';
import { childRun, type ChildRun } from './child.ts';

const child = (fidelity: 'analytical' | 'flow'): ChildRun => childRun('bench/training-step.ts', fidelity);

let flow: ChildRun | undefined;
const flowRun = () => (flow ??= child('flow'));

export const trainingBenches: Bench[] = [
  {
    name: 'training.llama3_405b_16k_analytical_seconds',
    unit: 's',
    run: () => Math.min(...[0, 1, 2].map(() => child('analytical').seconds)),
  },
  { name: 'training.llama3_405b_16k_flow_seconds', unit: 's', run: () => flowRun().seconds },
  { name: 'training.llama3_405b_16k_flow_peak_rss_bytes', unit: 'B', run: () => flowRun().peakRssBytes },
];
