/**
 * Cost per unit of work (phase 6, after the per-token and time-to-train figures are in the jobs):
 *
 *   per GPU-hour            the run's cost per device-hour (cost.ts: total ÷ devices × simulated hours)
 *   per training run        a training job's cost to train on its token target (jobs.<name>.timeToTrain.costUsd:
 *                           its own nodes over the time to train, on the scenario's cost basis), with its
 *                           GPU-hours, days and cost per GPU-hour
 *   per million tokens      an inference job's cost per million output tokens (per-token.ts)
 *
 * Nothing new is modelled here: the figures are gathered in one place so the reports can print them together.
 */
import type { CostResult, JobResult, UnitCosts } from './result-types.ts';

export function unitCosts(jobs: Readonly<Record<string, JobResult>>, cost: CostResult): UnitCosts {
  const trainingRuns: UnitCosts['trainingRuns'] = [];
  const inference: UnitCosts['inference'] = [];
  for (const [job, j] of Object.entries(jobs)) {
    if (j.kind === 'training' && j.timeToTrain !== undefined && j.timeToTrain.costUsd !== null) {
      const t = j.timeToTrain;
      trainingRuns.push({ job, usd: t.costUsd!, gpuHours: t.gpuHours, days: t.days, usdPerGpuHour: t.gpuHours > 0 ? t.costUsd! / t.gpuHours : 0 });
    } else if (j.kind === 'inference' && j.usdPerMillionTokens !== null) {
      inference.push({ job, usdPerMillionTokens: j.usdPerMillionTokens });
    }
  }
  return { usdPerGpuHour: cost.usdPerDeviceHour, trainingRuns, inference };
}
