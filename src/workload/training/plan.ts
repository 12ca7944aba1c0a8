/**
 * The timed work of one training step: for every pipeline rank and each of its model chunks
 * (stages.ts), the forward and backward of one micro-batch — compute kernels plus the tensor-parallel
 * communication on the compute stream — its gradient buckets, and the rank's optimizer step. step.ts adds
 * it up in closed form; replay.ts replays it on the DES kernel. Both read the same plan.
 *
 * Per layer, embedding and output head (compute, tensor-, context- and expert-parallel communication):
 * layer-times.ts.
 * Pipeline: between consecutive virtual stages one activation (forward) or its gradient (backward) of
 * b·s·h·e bytes per micro-batch, ÷ t when sequence parallelism or SC21's scatter/gather splits it over the
 * tp ranks; one point-to-point transfer α + bytes/β on the tier between the two ranks. Scatter/gather
 * (tp > 1 without SP) all-gathers what a stage receives over the tp group before its pass uses it, on the
 * compute stream (tp-comm.ts); with SP the received shard is used as it is.
 * Gradient buckets: Megatron-Core's default bucket of max(40M, 1M·dp) parameters per model chunk, filled in
 * the order gradients are produced (output layer, layers last…first, embedding), reduced over the
 * dp (× cp) group in the dtype of the gradient buffer (shape.ts): all-reduce, or reduce-scatter under
 * ZeRO ≥ 1, which then all-gathers the updated e-byte weights after the optimizer step (not overlapped:
 * Megatron's --overlap-param-gather is not modelled). A bucket's `at` is the fraction of the gradient-
 * producing pass (the backward, or zero-bubble's W) after which it is complete.
 * ZeRO-3 (FSDP): weights are sharded too; before every forward and backward of a chunk its weights are
 * all-gathered (e bytes per parameter), prefetched one pass ahead on the dp stream, and each micro-batch's
 * gradients are reduce-scattered after its backward (DeepSpeed stage 3 and FSDP without no_sync).
 * Optimizer: optimizer.ts.
 */
import type { TrainingWorkload } from '../../config/scenario-types.ts';
import type { ComputeRates } from '../../hardware/compute.ts';
import { collectiveSeconds, type Collective, type CollectiveTier } from '../../fabric/collective-cost.ts';
import { layerKindOf, layerShape } from './shape.ts';
import type { DpCost } from './fabric-dp.ts';
import { chunksOfRank, virtualStages, type VirtualStage } from './stages.ts';
import { addPass, pieces, sumPass, ZERO, type LayerTiers, type PassTime, type Piece } from './layer-times.ts';
import { optimizerBytesPerParam } from './optimizer.ts';

export { sumPass, type PassTime } from './layer-times.ts';

export const BUCKET_PARAMS_MIN = 40_000_000;
export const BUCKET_PARAMS_PER_DP_RANK = 1_000_000;

export interface GradientBucket {
  params: number;
  /** fraction (0…1] of the gradient-producing pass after which the bucket is complete */
  at: number;
  seconds: number;
}

/** A model chunk: the sum of its pieces (layer-times.ts), plus its gradient buckets and ZeRO-3 traffic. */
export interface ChunkPlan extends Piece {
  stage: VirtualStage;
  buckets: GradientBucket[];
  /** ZeRO-3: all-gather of the chunk's weights before each pass, reduce-scatter of its gradients per micro-batch */
  zero3Gather: number;
  zero3Reduce: number;
}

export interface RankPlan {
  rank: number;
  chunks: ChunkPlan[];
  params: number;
  optimizerSeconds: number;
  paramGatherSeconds: number;
}

export interface StepPlan {
  pp: number;
  virtualStages: number;
  microbatches: number;
  schedule: TrainingWorkload['parallelism']['schedule'];
  ranks: RankPlan[];
  /** one activation (or gradient) transfer between consecutive pipeline ranks */
  p2pSeconds: number;
  overlapGradReduce: boolean;
}

/** The tiers a job's groups communicate on (placement.ts): the per-layer ones (layer-times.ts) and these. */
export interface PlanTiers extends LayerTiers {
  /** the gradient group: dp × cp ranks holding the same weights */
  dp: CollectiveTier;
  /** between consecutive pipeline ranks */
  pp: CollectiveTier;
  /** the expert-data-parallel group (dp·cp/ep ranks holding the same experts) */
  expertDp: CollectiveTier;
  /** flow fidelity: data-parallel collectives timed on the fabric (fabric-dp.ts) instead of the tiers' closed form */
  dpCost?: DpCost;
}

/** Seconds of a data-parallel collective: on the fabric when the plan has a DpCost, else in closed form. */
function dpSeconds(tiers: PlanTiers, kind: Collective, bytes: number, n: number, group: 'dp' | 'expert-dp'): number {
  if (n <= 1 || bytes === 0) return 0;
  return tiers.dpCost !== undefined ? tiers.dpCost(kind, bytes, group) : collectiveSeconds(kind, bytes, n, group === 'dp' ? tiers.dp : tiers.expertDp);
}

type Pieces = ReturnType<typeof pieces>;

function chunk(stage: VirtualStage, ps: Pieces, job: TrainingWorkload, tiers: PlanTiers, single: boolean): ChunkPlan {
  // backward order: output head, layers last…first, embedding
  const order: Piece[] = [];
  if (stage.output) order.push(single && job.model.tiedEmbeddings ? { ...ps.output, params: job.model.hiddenSize } : ps.output);
  for (let i = stage.firstLayer + stage.layers - 1; i >= stage.firstLayer; i--) order.push(layerKindOf(job.model, i) === 'moe' ? ps.layer.moe! : ps.layer.dense);
  if (stage.embedding) order.push(ps.embedding);
  // scatter/gather: a received activation (gradient) is all-gathered before the forward (backward) uses it
  const gatherIn = stage.embedding ? 0 : ps.pipelineGather;
  const gatherOut = stage.output ? 0 : ps.pipelineGather;
  let forward: PassTime = { ...ZERO, tp: gatherIn };
  let backward: PassTime = { ...ZERO, tp: gatherOut };
  let weightGrad = 0;
  let recompute = 0;
  for (const piece of order) {
    forward = addPass(forward, piece.forward);
    backward = addPass(backward, piece.backward);
    weightGrad += piece.weightGrad;
    recompute += piece.recompute;
  }
  const p = job.parallelism;
  const dpGroup = p.dp * p.cp;
  const { kind, bytesPerParam: bytes } = gradientReduction(job);
  const bucketSize = Math.max(BUCKET_PARAMS_MIN, BUCKET_PARAMS_PER_DP_RANK * p.dp);
  const total = sumPass(backward);
  const buckets: GradientBucket[] = [];
  let filling = 0;
  let fillingExpert = 0;
  let elapsed = gatherOut;
  let params = 0;
  const expertGroup = dpGroup / p.ep;
  const reduce = (n: number, ne: number) => dpSeconds(tiers, kind, (n - ne) * bytes, dpGroup, 'dp') + dpSeconds(tiers, kind, ne * bytes, expertGroup, 'expert-dp');
  order.forEach((piece, i) => {
    filling += piece.params;
    fillingExpert += piece.expertParams;
    params += piece.params;
    elapsed += sumPass(piece.backward);
    if (dpGroup > 1 && p.zero < 3 && (filling >= bucketSize || i === order.length - 1)) {
      buckets.push({ params: filling, at: total > 0 ? elapsed / total : 1, seconds: reduce(filling, fillingExpert) });
      filling = 0;
      fillingExpert = 0;
    }
  });
  const z3 = p.zero >= 3 && dpGroup > 1;
  const e = layerShape(job).actBytes;
  return {
    stage,
    forward,
    backward,
    weightGrad,
    recompute,
    params,
    expertParams: order.reduce((a, piece) => a + piece.expertParams, 0),
    buckets,
    zero3Gather: z3 ? dpSeconds(tiers, 'all-gather', params * e, dpGroup, 'dp') : 0,
    zero3Reduce: z3 ? dpSeconds(tiers, 'reduce-scatter', params * bytes, dpGroup, 'dp') : 0,
  };
}

export function buildPlan(job: TrainingWorkload, rates: ComputeRates, tiers: PlanTiers): StepPlan {
  const x = layerShape(job);
  const p = job.parallelism;
  const v = p.schedule === 'interleaved' ? p.virtualStages : 1;
  const ps = pieces(job, x, rates, tiers);
  const stages = virtualStages(job.model.layers, p.pp, v);
  const single = stages.length === 1;
  const dpGroup = p.dp * p.cp;
  const zero = p.zero >= 1 && dpGroup > 1;
  const opt = optimizerBytesPerParam(job.precision);
  const ranks: RankPlan[] = Array.from({ length: p.pp }, (_, r) => {
    const chunks = chunksOfRank(stages, r).map((s) => chunk(s, ps, job, tiers, single));
    const params = chunks.reduce((a, c) => a + c.params, 0);
    const experts = chunks.reduce((a, c) => a + c.expertParams, 0);
    const updated = zero ? (params - experts) / dpGroup + experts / Math.max(1, dpGroup / p.ep) : params;
    const optimizerBytes = updated * opt.updated + (params * opt.zeroed) / (p.zero >= 2 && zero ? dpGroup : 1);
    return {
      rank: r,
      chunks,
      params,
      optimizerSeconds: optimizerBytes / (rates.memoryBytesPerSecond * rates.memoryEfficiency),
      paramGatherSeconds: zero && p.zero < 3 ? dpSeconds(tiers, 'all-gather', params * x.actBytes, dpGroup, 'dp') : 0,
    };
  });
  const split = x.sp || p.tp > 1 ? p.tp : 1;
  const p2pBytes = (x.micro * x.seq * x.hidden * x.actBytes) / split;
  return {
    pp: p.pp,
    virtualStages: v,
    microbatches: job.batch.globalSequences / (p.dp * x.micro),
    schedule: p.schedule,
    ranks,
    p2pSeconds: p.pp > 1 ? tiers.pp.latencySeconds + p2pBytes / tiers.pp.busBytesPerSecond : 0,
    overlapGradReduce: job.overlapGradReduce,
  };
}

/**
 * How a job reduces its gradients over data parallelism: reduce-scatter under ZeRO (the distributed
 * optimizer), all-reduce otherwise; fp16 gradients in 2 bytes, every other precision's main gradients in
 * fp32 (Megatron-LM keeps main_grad in fp32 for bf16).
 */
export function gradientReduction(job: TrainingWorkload): { kind: Collective; bytesPerParam: number } {
  const p = job.parallelism;
  return { kind: p.zero >= 1 && p.dp * p.cp > 1 ? 'reduce-scatter' : 'all-reduce', bytesPerParam: job.precision === 'fp16' ? 2 : 4 };
}
