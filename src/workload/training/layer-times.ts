/**
 * The timed work of one transformer layer, the embedding and the output head, for one micro-batch on one
 * rank (a tp and cp rank): compute kernels (flops.ts, through the roofline of hardware/compute.ts) and the
 * communication that sits on the compute stream. plan.ts assembles them into model chunks.
 *
 * Tensor-parallel communication (tp-comm.ts): the forward's collectives on the compute stream; in backward
 * the synchronous ones plus what the column-parallel GEMMs' overlapped collectives add (Megatron-LM's
 * asynchronous input-gradient all-reduce, or with sequence parallelism the input re-gather beside the
 * input-gradient GEMM and the reduce-scatter beside the weight-gradient GEMM; synchronous with
 * overlapTpComm false, the 2021 code); full recomputation repeats the forward's. Embedding: 1 all-reduce
 * forward (vocab-parallel lookup), SP: a reduce-scatter forward and an all-gather backward. Output layer:
 * as a column-parallel GEMM, plus the loss's 3 all-reduces of b·s fp32 values.
 * Mixture of experts (moe.ts): each MoE layer's dispatch and combine all-to-alls over the ep group, on
 * the compute stream (not overlapped), and its routed experts' gradients reduced over the
 * expert-data-parallel group (dp·cp/ep ranks) instead of dp·cp.
 * Context parallelism: the ring-attention K/V exchange of every layer, as far as the attention compute
 * does not hide it (context-parallel.ts).
 */
import type { TrainingWorkload } from '../../config/scenario-types.ts';
import { opsSeconds, type ComputeRates } from '../../hardware/compute.ts';
import { collectiveSeconds, type Collective, type CollectiveTier } from '../../fabric/collective-cost.ts';
import { embeddingOps, layerOps, outputOps, type PassOp } from './flops.ts';
import { expertParamsPerRank, layerCounts, layerParamsPerRank, type LayerKind, type LayerShape } from './shape.ts';
import { moeLayerCommSeconds } from './moe.ts';
import { cpLayerCommSeconds } from './context-parallel.ts';
import { pipelineGatherSeconds, tpLayerComm, tpOutputComm, type TpContext } from './tp-comm.ts';

/** The tiers the per-layer communication uses. */
export interface LayerTiers {
  tp: CollectiveTier;
  /** the context-parallel ring */
  cp: CollectiveTier;
  /** the expert-parallel all-to-all group */
  ep: CollectiveTier;
}

/** Seconds of one pass of one micro-batch, by what the compute stream spends them on. */
export interface PassTime {
  compute: number;
  tp: number;
  /** context-parallel KV exchange not hidden behind attention */
  cp: number;
  /** expert-parallel all-to-all */
  ep: number;
}

export const sumPass = (p: PassTime): number => p.compute + p.tp + p.cp + p.ep;
export const addPass = (a: PassTime, b: PassTime, k = 1): PassTime => ({ compute: a.compute + k * b.compute, tp: a.tp + k * b.tp, cp: a.cp + k * b.cp, ep: a.ep + k * b.ep });
export const ZERO: PassTime = { compute: 0, tp: 0, cp: 0, ep: 0 };

/** One layer (or the embedding, or the output head) of one micro-batch on one rank. */
export interface Piece {
  forward: PassTime;
  /** the whole backward: input and weight gradients and any recomputation */
  backward: PassTime;
  /** of backward.compute, the weight-gradient GEMMs (zero-bubble runs them as a separate W pass) */
  weightGrad: number;
  /** of backward.compute, the recomputed forward */
  recompute: number;
  /** parameters this rank holds */
  params: number;
  /** of params, routed-expert weights: replicated over dp·cp/ep ranks only (the expert-data-parallel group) */
  expertParams: number;
}

const wgradSeconds = (ops: readonly PassOp[], r: ComputeRates) => opsSeconds(ops.filter((o) => o.name.endsWith('.wgrad')), r);

export function pieces(job: TrainingWorkload, x: LayerShape, r: ComputeRates, tiers: LayerTiers) {
  const p = job.parallelism;
  const t = p.tp;
  const msg = x.micro * x.seq * x.hidden * x.actBytes;
  const tp = (kind: Collective, bytes = msg) => collectiveSeconds(kind, bytes, t, tiers.tp);

  const cp = cpLayerCommSeconds(x, tiers.cp, r, p.recompute);
  const tpc: TpContext = { job, x, rates: r, tier: tiers.tp };
  const layerOf = (kind: LayerKind): Piece => {
    const l = layerOps(x, kind);
    const recomputeOps = p.recompute === 'full' ? l.forward : p.recompute === 'selective' ? l.attentionCore : [];
    const recompute = opsSeconds(recomputeOps, r);
    const tpComm = tpLayerComm(tpc, kind, l.backward);
    // dispatch + combine all-to-alls of an MoE layer; full recomputation runs the forward's again
    const a2a = kind === 'moe' ? moeLayerCommSeconds(x, tiers.ep) : { forward: 0, backward: 0 };
    const n = layerCounts(job.model).moe;
    return {
      forward: { ...ZERO, compute: opsSeconds(l.forward, r), tp: tpComm.forward, cp: cp.exposedForward, ep: a2a.forward },
      backward: { ...ZERO, compute: opsSeconds(l.backward, r) + recompute, tp: tpComm.backward + (p.recompute === 'full' ? tpComm.forward : 0), cp: cp.exposedBackward, ep: a2a.backward + (p.recompute === 'full' ? a2a.forward : 0) },
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
  const outTp = tpOutputComm(tpc, out.backward);
  const output: Piece = {
    forward: { ...ZERO, compute: opsSeconds(out.forward, r), tp: outTp.forward + lossReductions },
    backward: { ...ZERO, compute: opsSeconds(out.backward, r), tp: outTp.backward },
    weightGrad: wgradSeconds(out.backward, r),
    recompute: 0,
    // the final norm, and the logits weights unless tied to an embedding on the same rank (see chunk())
    params: m.hiddenSize + embParams,
    expertParams: 0,
  };
  return { layer, embedding, output, pipelineGather: pipelineGatherSeconds(tpc) };
}
