/**
 * Step time in closed form (fidelity `analytical`), from the plan (plan.ts).
 *
 *   n = global batch / (dp · micro) micro-batches, run one after another (pp = 1):
 *   compute   = n · (L·(F + B) + F_head + B_head)      F, B: forward, backward(+recompute) kernels
 *   tp comm   = n · (L·(C_F + C_B) + C_head)           never overlapped with compute
 *   dp comm   = Σ_k c_k                                c_k: reduction of gradient bucket k
 *   exposed   = Σ_k c_k                                 without overlap (reduced after backward)
 *             = max(c_last, Σ_k c_k − W)               with overlap, W = time from the first bucket being
 *                                                      ready to the end of the last micro-batch's backward
 *   step      = compute + tp comm + exposed + param all-gather (ZeRO-1) + optimizer
 *
 * The overlapped form assumes the reductions stream back to back once started; it is exact when buckets
 * come faster than they are reduced and a lower bound otherwise (the flow replay resolves the gaps).
 */
import type { StepBreakdown } from '../../metrics/result-types.ts';
import { backwardStages, stageSeconds, type StepPlan } from './plan.ts';

export interface StepTimes {
  stepSeconds: number;
  breakdown: StepBreakdown;
}

/** End time of every backward stage of one micro-batch, measured from the start of its backward. */
export function backwardEndTimes(plan: StepPlan): number[] {
  let t = 0;
  return backwardStages(plan).map((s) => (t += stageSeconds(s, 'backward')));
}

export function computeSeconds(plan: StepPlan): number {
  const l = plan.layer;
  const perMicro = plan.layers * (l.forward + l.backward) + plan.embedding.forward + plan.embedding.backward + plan.output.forward + plan.output.backward;
  return plan.microbatches * perMicro;
}

export function tpCommSeconds(plan: StepPlan): number {
  const comm = (s: { tpForward: number; tpBackward: number }) => s.tpForward + s.tpBackward;
  return plan.microbatches * (plan.layers * comm(plan.layer) + comm(plan.embedding) + comm(plan.output));
}

export function dpCommSeconds(plan: StepPlan): number {
  return plan.buckets.reduce((a, b) => a + b.seconds, 0);
}

/** Gradient reduction not hidden behind the last micro-batch's backward, closed form. */
export function exposedGradReduceSeconds(plan: StepPlan): number {
  const total = dpCommSeconds(plan);
  if (!plan.overlapGradReduce || plan.buckets.length === 0) return total;
  const ends = backwardEndTimes(plan);
  const first = plan.buckets[0]!;
  const last = plan.buckets[plan.buckets.length - 1]!;
  const window = ends[ends.length - 1]! - ends[first.readyAfter]!;
  return Math.max(last.seconds, total - window, 0);
}

export function breakdownOf(plan: StepPlan, dpExposedSeconds: number): StepTimes {
  const breakdown: StepBreakdown = {
    computeSeconds: computeSeconds(plan),
    tpCommSeconds: tpCommSeconds(plan),
    dpCommExposedSeconds: dpExposedSeconds + plan.paramGatherSeconds,
    optimizerSeconds: plan.optimizerSeconds,
    otherSeconds: 0,
  };
  const stepSeconds = breakdown.computeSeconds + breakdown.tpCommSeconds + breakdown.dpCommExposedSeconds + breakdown.optimizerSeconds;
  return { stepSeconds, breakdown };
}

export function analyticalStep(plan: StepPlan): StepTimes {
  return breakdownOf(plan, exposedGradReduceSeconds(plan));
}
