/**
 * The timed work of one training step on a representative rank: per micro-batch, the compute and
 * tensor-parallel communication of every stage (embedding, L layers, output head), the data-parallel
 * gradient buckets, and the optimizer. step.ts adds it up in closed form; replay.ts replays it on the
 * DES kernel. Both read the same plan, so they differ only in how overlap is resolved.
 *
 * Tensor-parallel communication (Megatron-LM, Shoeybi et al. 2019; Korthikanti et al. 2022), message
 * b·s·h·e bytes, on the tp group's tier, never overlapped with compute:
 *   per layer forward   2 all-reduces (after attention, after the MLP); with sequence parallelism
 *                       2 all-gathers + 2 reduce-scatters (the same bytes on the wire)
 *   per layer backward  the same again; full recomputation repeats the forward's
 *   embedding           1 all-reduce forward (vocab-parallel lookup); SP: a reduce-scatter
 *   output layer        1 all-reduce of the input gradient in backward (SP: all-gather forward +
 *                       reduce-scatter backward) and the loss's 3 all-reduces of b·s fp32 values.
 * Gradient buckets: Megatron-Core's default bucket of max(40M, 1M·dp) parameters, filled in the order
 * gradients are produced (output layer, layers L…1, embedding), reduced on the dp tier in the dtype of the
 * gradient buffer (shape.ts); all-reduce, or reduce-scatter under ZeRO-1, which then all-gathers the
 * updated e-byte weights after the optimizer step (not overlapped: Megatron's --overlap-param-gather is
 * not modelled).
 * Optimizer (memory-bound, per parameter updated): read the gradient (twice: the norm for clipping, then
 * the update), read and write fp32 master, m and v (24 bytes; 16 when the weights are fp32), write the
 * e-byte weights; and zero the full gradient buffer for the next step.
 */
import type { TrainingWorkload } from '../../config/scenario-types.ts';
import { opsSeconds, type ComputeRates } from '../../hardware/compute.ts';
import { collectiveSeconds, type Collective, type CollectiveTier } from '../../fabric/collective-cost.ts';
import { embeddingOps, layerOps, outputOps } from './flops.ts';
import { headParamsPerRank, layerParamsPerRank, layerShape } from './shape.ts';

export const BUCKET_PARAMS_MIN = 40_000_000;
export const BUCKET_PARAMS_PER_DP_RANK = 1_000_000;

export interface StageTimes {
  /** compute of the forward, seconds per micro-batch */
  forward: number;
  /** compute of the backward, including recomputation */
  backward: number;
  /** tensor-parallel communication in forward / backward (incl. recomputed forward) */
  tpForward: number;
  tpBackward: number;
}

export interface GradientBucket {
  params: number;
  /** the bucket is complete when backward stage `readyAfter` ends (0 = output head, 1…L = layers L…1,
   * L+1 = embedding) */
  readyAfter: number;
  seconds: number;
}

export interface StepPlan {
  microbatches: number;
  layers: number;
  layer: StageTimes;
  /** of the layer's backward, the recomputation part (for the breakdown) */
  recomputeSeconds: number;
  embedding: StageTimes;
  output: StageTimes;
  gradReduce: Collective;
  buckets: GradientBucket[];
  paramGatherSeconds: number;
  optimizerSeconds: number;
  overlapGradReduce: boolean;
}

/** Backward stages in execution order: output head, layers L…1, embedding. */
export function backwardStages(plan: StepPlan): StageTimes[] {
  return [plan.output, ...Array.from({ length: plan.layers }, () => plan.layer), plan.embedding];
}

export function stageSeconds(s: StageTimes, pass: 'forward' | 'backward'): number {
  return pass === 'forward' ? s.forward + s.tpForward : s.backward + s.tpBackward;
}

export function buildPlan(job: TrainingWorkload, rates: ComputeRates, tpTier: CollectiveTier, dpTier: CollectiveTier): StepPlan {
  const x = layerShape(job);
  const p = job.parallelism;
  const t = p.tp;
  const msg = x.micro * x.seq * x.hidden * x.actBytes;
  const tp = (kind: Collective, bytes = msg) => collectiveSeconds(kind, bytes, t, tpTier);
  const pair = x.sp ? tp('all-gather') + tp('reduce-scatter') : tp('all-reduce');

  const l = layerOps(x);
  const recomputeOps = p.recompute === 'full' ? l.forward : p.recompute === 'selective' ? l.attentionCore : [];
  const recomputeSeconds = opsSeconds(recomputeOps, rates);
  const layer: StageTimes = {
    forward: opsSeconds(l.forward, rates),
    backward: opsSeconds(l.backward, rates) + recomputeSeconds,
    tpForward: 2 * pair,
    tpBackward: 2 * pair + (p.recompute === 'full' ? 2 * pair : 0),
  };
  const emb = embeddingOps(x);
  const embedding: StageTimes = {
    forward: opsSeconds(emb.forward, rates),
    backward: opsSeconds(emb.backward, rates),
    tpForward: x.sp ? tp('reduce-scatter') : tp('all-reduce'),
    tpBackward: x.sp ? tp('all-gather') : 0,
  };
  const out = outputOps(x);
  const lossReductions = 3 * tp('all-reduce', 4 * x.micro * x.seq);
  const output: StageTimes = {
    forward: opsSeconds(out.forward, rates),
    backward: opsSeconds(out.backward, rates),
    tpForward: (x.sp ? tp('all-gather') : 0) + lossReductions,
    tpBackward: x.sp ? tp('reduce-scatter') : tp('all-reduce'),
  };

  const dp = p.dp;
  const zero = p.zero >= 1 && dp > 1;
  const gradReduce: Collective = zero ? 'reduce-scatter' : 'all-reduce';
  const m = job.model;
  const embParams = (m.vocabSize * m.hiddenSize) / t;
  const chunks = [
    m.tiedEmbeddings ? m.hiddenSize : embParams + m.hiddenSize,
    ...Array.from({ length: m.layers }, () => layerParamsPerRank(m, t)),
    embParams,
  ];
  const bucketSize = Math.max(BUCKET_PARAMS_MIN, BUCKET_PARAMS_PER_DP_RANK * dp);
  const buckets: GradientBucket[] = [];
  let filling = 0;
  chunks.forEach((n, i) => {
    filling += n;
    if (filling >= bucketSize || i === chunks.length - 1) {
      buckets.push({ params: filling, readyAfter: i, seconds: collectiveSeconds(gradReduce, filling * x.gradBytes, dp, dpTier) });
      filling = 0;
    }
  });

  const params = m.layers * layerParamsPerRank(m, t) + headParamsPerRank(m, t);
  const updated = params / (zero ? dp : 1);
  const stateBytes = x.actBytes === 4 ? 16 : 24;
  const optimizerBytes = updated * (2 * x.gradBytes + stateBytes + x.actBytes) + params * x.gradBytes;
  const optimizerSeconds = optimizerBytes / (rates.memoryBytesPerSecond * rates.memoryEfficiency);

  return {
    microbatches: job.batch.globalSequences / (dp * x.micro),
    layers: m.layers,
    layer,
    recomputeSeconds,
    embedding,
    output,
    gradReduce,
    buckets,
    paramGatherSeconds: zero ? collectiveSeconds('all-gather', params * x.actBytes, dp, dpTier) : 0,
    optimizerSeconds,
    overlapGradReduce: job.overlapGradReduce,
  };
}
