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
import type { StepTimeline } from '../../metrics/timeline-types.ts';
import { microFlopsOf } from './flops.ts';
import { memoryByStage } from './memory-stage.ts';
import { place } from './placement.ts';
import { buildPlan } from './plan.ts';
import { fabricDpCost } from './fabric-dp.ts';
import { replayStep } from './replay.ts';
import { layerShape } from './shape.ts';
import { analyticalStep } from './step.ts';

export function simulateTraining(
  job: TrainingWorkload,
  cluster: ClusterSpec,
  ctx: { fidelity: Fidelity; seed?: number; devices?: readonly number[] },
): { result: TrainingJobResult; assumptions: Assumption[]; timeline?: StepTimeline } {
  const pl = place(job, cluster);
  if (pl === undefined) throw new Error(`training job ${job.name}: the cluster has no nodes`);
  const acc = pl.group.accelerator;
  const rates = computeRates(acc, job.precision);
  if (rates === undefined) throw new Error(`training job ${job.name}: ${acc.id} has no ${job.precision} rate`);
  if (pl.tpTier === undefined || pl.dpTier === undefined || pl.ppTier === undefined || pl.cpTier === undefined || pl.epTier === undefined || pl.expertDpTier === undefined) throw new Error(`training job ${job.name}: a group spans nodes without a scale-out fabric`);

  const flow = ctx.fidelity === 'flow';
  const dpCost = flow && job.dpCollectives === 'fabric' && pl.dpTier.tier === 'scale-out' ? fabricDpCost(job, cluster, ctx.devices) : undefined;
  const plan = buildPlan(job, rates, { tp: pl.tpTier, dp: pl.dpTier, pp: pl.ppTier, cp: pl.cpTier, ep: pl.epTier, expertDp: pl.expertDpTier, ...(dpCost !== undefined ? { dpCost } : {}) });
  const p = job.parallelism;
  const replay = flow ? replayStep(plan, { seed: ctx.seed ?? 1, job: job.name, rankOfStage: (s) => s * pl.strides.pp }) : undefined;
  const times = replay ?? analyticalStep(plan);
  const devices = pl.devicesNeeded;
  const per = microFlopsOf(layerShape(job), job.model, p.recompute);
  // per micro-batch FLOPs of one tp and cp rank through all layers (the pp ranks split the layers)
  const replicas = p.tp * p.cp * plan.microbatches * p.dp;
  const modelFlopsPerStep = per.model * replicas;
  const hardwareFlopsPerStep = per.hardware * replicas;
  const step = times.stepSeconds;
  const stages = memoryByStage(job, acc.memory.capacityBytes);
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
    memory: stages.reduce((a, b) => (b.memory.totalBytes > a.memory.totalBytes ? b : a)).memory,
    computeUtilisation: times.breakdown.computeSeconds / step,
    simulatedSeconds: job.steps * step,
  };
  if (p.pp > 1) {
    result.pipeline = { schedule: p.schedule, virtualStages: plan.virtualStages, microbatches: plan.microbatches, bubbleFraction: (times.breakdown.bubbleSeconds ?? 0) / step };
    result.memoryByStage = stages;
  }
  return { result, assumptions: trainingAssumptions(job, pl, rates), ...(replay !== undefined ? { timeline: replay.timeline } : {}) };
}
