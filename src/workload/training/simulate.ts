/**
 * One training job on a cluster -> its TrainingJobResult and the figures it used.
 *
 *   tokens/s          = global batch · s / step
 *   model FLOPs       = (forward + backward matmul FLOPs, flops.ts convention) · t · n · dp
 *   hardware FLOPs    = model FLOPs + the recomputed forward (full: whole layers; selective: attention core)
 *   TFLOP/s per GPU   = FLOPs / step / devices / 1e12        (both ways)
 *   MFU               = model TFLOP/s per GPU / dense peak of the matmul precision
 *   compute util.     = time in compute kernels / step
 *
 * Callers run trainingIssues first; simulateTraining throws on a job those checks reject (a programming
 * error, not an input error).
 */
import type { ClusterSpec, Fidelity, TrainingWorkload } from '../../config/scenario-types.ts';
import type { Assumption, TrainingJobResult } from '../../metrics/result-types.ts';
import { computeRates } from '../../hardware/compute.ts';
import { trainingAssumptions } from './assumptions.ts';
import { microFlops } from './flops.ts';
import { memoryBreakdown } from './memory.ts';
import { place } from './placement.ts';
import { buildPlan } from './plan.ts';
import { replayStep } from './replay.ts';
import { layerShape } from './shape.ts';
import { analyticalStep } from './step.ts';

export function simulateTraining(
  job: TrainingWorkload,
  cluster: ClusterSpec,
  ctx: { fidelity: Fidelity; seed?: number },
): { result: TrainingJobResult; assumptions: Assumption[] } {
  const pl = place(job, cluster);
  if (pl === undefined) throw new Error(`training job ${job.name}: the cluster has no nodes`);
  const acc = pl.group.accelerator;
  const rates = computeRates(acc, job.precision);
  if (rates === undefined) throw new Error(`training job ${job.name}: ${acc.id} has no ${job.precision} rate`);
  if (pl.tpTier === undefined || pl.dpTier === undefined) throw new Error(`training job ${job.name}: a group spans nodes without a scale-out fabric`);

  const plan = buildPlan(job, rates, pl.tpTier, pl.dpTier);
  const times = ctx.fidelity === 'flow' ? replayStep(plan, ctx.seed ?? 1) : analyticalStep(plan);
  const p = job.parallelism;
  const devices = pl.devicesNeeded;
  const per = microFlops(layerShape(job), job.model.layers, p.recompute);
  const replicas = p.tp * plan.microbatches * p.dp;
  const modelFlopsPerStep = per.model * replicas;
  const hardwareFlopsPerStep = per.hardware * replicas;
  const step = times.stepSeconds;
  const tflops = (f: number) => f / step / devices / 1e12;

  const result: TrainingJobResult = {
    kind: 'training',
    name: job.name,
    model: job.model.id,
    devices,
    accelerator: acc.id,
    parallelism: { dp: p.dp, tp: p.tp, pp: p.pp, cp: p.cp, ep: p.ep, zero: p.zero },
    stepSeconds: step,
    steps: job.steps,
    breakdown: times.breakdown,
    tokensPerSecond: (job.batch.globalSequences * job.batch.sequenceLength) / step,
    modelFlopsPerStep,
    hardwareFlopsPerStep,
    tflopsPerGpu: tflops(modelFlopsPerStep),
    hardwareTflopsPerGpu: tflops(hardwareFlopsPerStep),
    mfu: modelFlopsPerStep / step / devices / rates.peakFlopsPerSecond,
    memory: memoryBreakdown(job, acc.memory.capacityBytes),
    computeUtilisation: times.breakdown.computeSeconds / step,
    simulatedSeconds: job.steps * step,
  };
  return { result, assumptions: trainingAssumptions(job, pl, rates) };
}
