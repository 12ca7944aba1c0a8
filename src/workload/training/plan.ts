/**
 * The timed work of one training step: for every pipeline rank and each of its model chunks
 * (stages.ts), the forward and backward of one micro-batch — compute kernels plus the tensor-parallel
 * communication on the compute stream — its gradient buckets, and the rank's optimizer step. step.ts adds
 * it up in closed form; replay.ts replays it on the DES kernel. Both read the same plan.
 *
 * Tensor-parallel communication (Megatron-LM, Shoeybi et al. 2019; Korthikanti et al. 2022), message
 * b·s·h·e bytes, on the tp group's tier, not overlapped with compute:
 *   per layer forward   2 all-reduces (after attention, after the MLP); with sequence parallelism
 *                       2 all-gathers + 2 reduce-scatters (the same bytes on the wire)
 *   per layer backward  the same again; full recomputation repeats the forward's
 *   embedding           1 all-reduce forward (vocab-parallel lookup); SP: a reduce-scatter
 *   output layer        1 all-reduce of the input gradient in backward (SP: all-gather forward +
 *                       reduce-scatter backward) and the loss's 3 all-reduces of b·s fp32 values.
 * Mixture of experts (moe.ts): each MoE layer's dispatch and combine all-to-alls over the ep group, on
 * the compute stream (not overlapped), and its routed experts' gradients reduced over the
 * expert-data-parallel group (dp·cp/ep ranks) instead of dp·cp.
 * Context parallelism: the ring-attention K/V exchange of every layer, as far as the attention compute
 * does not hide it (context-parallel.ts).
 * Pipeline: between consecutive virtual stages one activation (forward) or its gradient (backward) of
 * b·s·h·e bytes per micro-batch, ÷ t when sequence parallelism or SC21's scatter/gather splits it over the
 * tp ranks (both send 1/t and all-gather over NVLink; the all-gather is left out); one point-to-point
 * transfer α + bytes/β on the tier between the two ranks.
 * Gradient buckets: Megatron-Core's default bucket of max(40M, 1M·dp) parameters per model chunk, filled in
 * the order gradients are produced (output layer, layers last…first, embedding), reduced over the
 * dp (× cp) group in the dtype of the gradient buffer (shape.ts): all-reduce, or reduce-scatter under
 * ZeRO ≥ 1, which then all-gathers the updated e-byte weights after the optimizer step (not overlapped:
 * Megatron's --overlap-param-gather is not modelled). A bucket's `at` is the fraction of the gradient-
 * producing pass (the backward, or zero-bubble's W) after which it is complete.
 * ZeRO-3 (FSDP): weights are sharded too; before every forward and backward of a chunk its weights are
 * all-gathered (e bytes per parameter), prefetched one pass ahead on the dp stream, and each micro-batch's
 * gradients are reduce-scattered after its backward (DeepSpeed stage 3 and FSDP without no_sync).
 * Optimizer (memory-bound, per parameter updated): read the gradient (twice: the norm for clipping, then
 * the update), read and write fp32 master, m and v (24 bytes; 16 when the weights are fp32), write the
 * e-byte weights; and zero the full gradient buffer for the next step.
 */
import type { TrainingWorkload } from '../../config/scenario-types.ts';
import { opsSeconds, type ComputeRates } from '../../hardware/compute.ts';
import { collectiveSeconds, type Collective, type CollectiveTier } from '../../fabric/collective-cost.ts';
import { embeddingOps, layerOps, outputOps, type PassOp } from './flops.ts';
import { expertParamsPerRank, layerCounts, layerKindOf, layerParamsPerRank, layerShape, type LayerKind, type LayerShape } from './shape.ts';
import { moeLayerCommSeconds } from './moe.ts';
import type { DpCost } from './fabric-dp.ts';
import { chunksOfRank, virtualStages, type VirtualStage } from './stages.ts';
import { cpLayerCommSeconds } from './context-parallel.ts';

export const BUCKET_PARAMS_MIN = 40_000_000;
export const BUCKET_PARAMS_PER_DP_RANK = 1_000_000;

/** Seconds of one pass of one micro-batch, by what the compute stream spends them on. */
export interface PassTime {
  compute: number;
  tp: number;
  /** context-parallel KV exchange not hidden behind attention */
  cp: number;
  /** expert-parallel all-to-all */
  ep: number;
}

export interface GradientBucket {
  params: number;
  /** fraction (0…1] of the gradient-producing pass after which the bucket is complete */
  at: number;
  seconds: number;
}

export interface ChunkPlan {
  stage: VirtualStage;
  forward: PassTime;
  /** the whole backward: input and weight gradients and any recomputation */
  backward: PassTime;
  /** of backward.compute, the weight-gradient GEMMs (zero-bubble runs them as a separate W pass) */
  weightGrad: number;
  /** of backward.compute, the recomputed forward */
  recompute: number;
  /** parameters this rank holds for the chunk */
  params: number;
  /** of params, routed-expert weights (sharded and reduced over the expert-data-parallel group) */
  expertParams: number;
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
  gradReduce: Collective;
  zero: number;
}

/** The tiers a job's groups communicate on (placement.ts). */
export interface PlanTiers {
  tp: CollectiveTier;
  /** the gradient group: dp × cp ranks holding the same weights */
  dp: CollectiveTier;
  /** between consecutive pipeline ranks */
  pp: CollectiveTier;
  /** the context-parallel ring */
  cp: CollectiveTier;
  /** the expert-parallel all-to-all group */
  ep: CollectiveTier;
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

export const sumPass = (p: PassTime): number => p.compute + p.tp + p.cp + p.ep;
const addPass = (a: PassTime, b: PassTime, k = 1): PassTime => ({ compute: a.compute + k * b.compute, tp: a.tp + k * b.tp, cp: a.cp + k * b.cp, ep: a.ep + k * b.ep });
const ZERO: PassTime = { compute: 0, tp: 0, cp: 0, ep: 0 };

/** One layer (or the embedding, or the output head) of one micro-batch on one rank. */
export interface Piece {
  forward: PassTime;
  backward: PassTime;
  weightGrad: number;
  recompute: number;
  params: number;
  /** of params, routed-expert weights: replicated over dp·cp/ep ranks only (the expert-data-parallel group) */
  expertParams: number;
}

const wgradSeconds = (ops: readonly PassOp[], r: ComputeRates) => opsSeconds(ops.filter((o) => o.name.endsWith('.wgrad')), r);

export function pieces(job: TrainingWorkload, x: LayerShape, r: ComputeRates, tiers: Pick<PlanTiers, 'tp' | 'cp' | 'ep'>) {
  const p = job.parallelism;
  const t = p.tp;
  const msg = x.micro * x.seq * x.hidden * x.actBytes;
  const tp = (kind: Collective, bytes = msg) => collectiveSeconds(kind, bytes, t, tiers.tp);
  const pair = x.sp ? tp('all-gather') + tp('reduce-scatter') : tp('all-reduce');

  const cp = cpLayerCommSeconds(x, tiers.cp, r, p.recompute);
  const EXP = process.env.EXP ?? '';
  const share = Number(process.env.SHARE ?? 24 / 108);
  const hide = (c: number, w: number) => Math.max(c, w + c * share) - w;
  const bwdTp = (ops: readonly PassOp[]): number => {
    if (!EXP.includes('async') || t === 1) return 2 * pair;
    const g = (n: string) => opsSeconds(ops.filter((o) => o.name === n), r);
    let s = 0;
    for (const n of ['qkv', 'ffn-up']) s += x.sp ? hide(tp('all-gather'), g(`${n}.dgrad`)) + hide(tp('reduce-scatter'), g(`${n}.wgrad`)) : hide(tp('all-reduce'), g(`${n}.wgrad`));
    return s + (x.sp ? 2 * tp('all-gather') : 0);
  };
  const layerOf = (kind: LayerKind): Piece => {
    const l = layerOps(x, kind);
    const recomputeOps = p.recompute === 'full' ? l.forward : p.recompute === 'selective' ? l.attentionCore : [];
    const recompute = opsSeconds(recomputeOps, r);
    // dispatch + combine all-to-alls of an MoE layer; full recomputation runs the forward's again
    const a2a = kind === 'moe' ? moeLayerCommSeconds(x, tiers.ep) : { forward: 0, backward: 0 };
    const n = layerCounts(job.model).moe;
    return {
      forward: { ...ZERO, compute: opsSeconds(l.forward, r), tp: 2 * pair, cp: cp.exposedForward, ep: a2a.forward },
      backward: { ...ZERO, compute: opsSeconds(l.backward, r) + recompute, tp: bwdTp(l.backward) + (p.recompute === 'full' ? 2 * pair : 0), cp: cp.exposedBackward, ep: a2a.backward + (p.recompute === 'full' ? a2a.forward : 0) },
      weightGrad: wgradSeconds(l.backward, r),
      recompute,
      params: layerParamsPerRank(job.model, t, kind, p.ep),
      expertParams: kind === 'moe' && n > 0 ? expertParamsPerRank(job.model, t, p.ep) / n : 0,
    };
  };
  const layer = { dense: layerOf('dense'), moe: job.model.moe === undefined ? undefined : layerOf('moe') };
  const emb = embeddingOps(x);
  const m = job.model;
  const embParams = (m.vocabSize * m.hiddenSize) / t;
  const embedding: Piece = {
    forward: { ...ZERO, compute: opsSeconds(emb.forward, r), tp: x.sp ? tp('reduce-scatter') : tp('all-reduce') },
    backward: { ...ZERO, compute: opsSeconds(emb.backward, r), tp: x.sp ? tp('all-gather') : 0 },
    weightGrad: opsSeconds(emb.backward, r),
    recompute: 0,
    params: embParams,
    expertParams: 0,
  };
  const out = outputOps(x);
  const lossReductions = 3 * tp('all-reduce', 4 * x.micro * x.seq);
  const output: Piece = {
    forward: { ...ZERO, compute: opsSeconds(out.forward, r), tp: (x.sp ? tp('all-gather') : 0) + lossReductions },
    backward: { ...ZERO, compute: opsSeconds(out.backward, r), tp: x.sp ? tp('reduce-scatter') : tp('all-reduce') },
    weightGrad: wgradSeconds(out.backward, r),
    recompute: 0,
    // the final norm, and the logits weights unless tied to an embedding on the same rank (see chunk())
    params: m.hiddenSize + embParams,
    expertParams: 0,
  };
  return { layer, embedding, output };
}

type Pieces = ReturnType<typeof pieces>;

function chunk(stage: VirtualStage, ps: Pieces, job: TrainingWorkload, tiers: PlanTiers, single: boolean): ChunkPlan {
  // backward order: output head, layers last…first, embedding
  const order: Piece[] = [];
  if (stage.output) order.push(single && job.model.tiedEmbeddings ? { ...ps.output, params: job.model.hiddenSize } : ps.output);
  for (let i = stage.firstLayer + stage.layers - 1; i >= stage.firstLayer; i--) order.push(layerKindOf(job.model, i) === 'moe' ? ps.layer.moe! : ps.layer.dense);
  if (stage.embedding) order.push(ps.embedding);
  let forward = ZERO;
  let backward = ZERO;
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
  const zero = p.zero >= 1 && dpGroup > 1;
  const kind: Collective = zero ? 'reduce-scatter' : 'all-reduce';
  const bytes = job.precision === 'fp16' ? 2 : 4;
  const bucketSize = Math.max(BUCKET_PARAMS_MIN, BUCKET_PARAMS_PER_DP_RANK * p.dp);
  const total = sumPass(backward);
  const buckets: GradientBucket[] = [];
  let filling = 0;
  let fillingExpert = 0;
  let elapsed = 0;
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
  const gradBytes = job.precision === 'fp16' ? 2 : 4;
  const stateBytes = x.actBytes === 4 ? 16 : 24;
  const ranks: RankPlan[] = Array.from({ length: p.pp }, (_, r) => {
    const chunks = chunksOfRank(stages, r).map((s) => chunk(s, ps, job, tiers, single));
    const params = chunks.reduce((a, c) => a + c.params, 0);
    const experts = chunks.reduce((a, c) => a + c.expertParams, 0);
    const updated = zero ? (params - experts) / dpGroup + experts / Math.max(1, dpGroup / p.ep) : params;
    const optimizerBytes = updated * (2 * gradBytes + stateBytes + x.actBytes) + (params * gradBytes) / (p.zero >= 2 && zero ? dpGroup : 1);
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
    gradReduce: zero ? 'reduce-scatter' : 'all-reduce',
    zero: p.zero,
  };
}
