/**
 * Tensor-parallel communication on the compute stream of one micro-batch, per layer and for the model
 * head, as Megatron-LM issues it (megatron/mpu/layers.py, 2022: ColumnParallelLinearWithAsyncAllreduce and
 * ColumnParallelLinearWithSequenceParallelism, merged later into
 * LinearWithGradAccumulationAndAsyncCommunication, which Megatron-Core keeps). Message b·s·h·e bytes on
 * the tp group's tier; t = tp ranks.
 *
 * Forward (synchronous: the next kernel needs the result)
 *   per layer        2 all-reduces after the row-parallel GEMMs (attention projection, FFN down); with
 *                    sequence parallelism 2 all-gathers before the column-parallel GEMMs (QKV, FFN up) and
 *                    2 reduce-scatters after the row-parallel ones (the same bytes on the wire).
 * Backward, synchronous part
 *   without SP       nothing: the forward all-reduces' gradient is the identity;
 *   with SP          2 all-gathers of the gradient before the row-parallel GEMMs' backward.
 * Backward, column-parallel GEMMs (QKV, FFN up, and the logits layer), asynchronous (overlapTpComm, the
 * default): the input gradient's collective is launched beside a GEMM that does not need it —
 *   without SP       all-reduce of dX beside the weight-gradient GEMM;
 *   with SP          the 1/t input shard kept from forward is all-gathered again beside the input-gradient
 *                    GEMM (the weight gradient needs the full input), and dX is reduce-scattered beside
 *                    the weight-gradient GEMM.
 * With overlapTpComm false (the April-2021 code of Narayanan et al. SC21: copy_to_tensor_model_parallel_
 * region, whose backward all-reduce autograd runs after the layer's GEMMs) the backward all-reduce of each
 * column-parallel GEMM is synchronous (with SP: its re-gather and reduce-scatter, one after the other).
 *
 * Overlap is not free: a running NCCL collective keeps one thread block per channel resident, so the
 * GEMM beside it gets the SMs that are left. With a GEMM of w seconds alone, a collective of c seconds
 * taking a share σ of the SMs, the GEMM runs at (1 − σ) while both run:
 *   both done after  max(c, w + σ·c)      exposed beyond the GEMM: max(c, w + σ·c) − w.
 * σ = 24/108: NCCL ran 24 channels for an 8-GPU all-reduce on HGX A100 with NVSwitch (log in
 * NVIDIA/nccl-tests#100), and an A100 has 108 SMs (NVIDIA A100 Tensor Core GPU Architecture whitepaper).
 * It is used for every accelerator (no per-part channel counts are known here). Its effect on HBM
 * bandwidth is not modelled (the GEMMs beside it are compute-bound).
 *
 * Full recomputation runs the forward's collectives again in backward. MoE layers: only the attention
 * block's QKV is treated as above; the expert FFN's tp collectives stay synchronous (its dispatch path is
 * not a column-parallel linear), one forward pair again in backward.
 * Pipeline stages: without SP, Megatron's scatter/gather (SC21 §4.1, on by default) sends 1/t of the
 * activation per tp rank and the receiver all-gathers it over the tp group on the compute stream before
 * using it, forward and backward (p2p_communication.py, gather_split_1d_tensor); with SP the received
 * shard is used as it is.
 */
import type { TrainingWorkload } from '../../config/scenario-types.ts';
import { opsSeconds, type ComputeRates } from '../../hardware/compute.ts';
import { collectiveSeconds, type Collective, type CollectiveTier } from '../../fabric/collective-cost.ts';
import type { PassOp } from './flops.ts';
import type { LayerKind, LayerShape } from './shape.ts';

/** Share of the SMs a concurrent NCCL collective holds: 24 channels on 108 SMs (see the header). */
export const NCCL_SM_SHARE = 24 / 108;

/** Seconds a collective of `comm` seconds adds beyond a GEMM of `gemm` seconds it runs beside. */
export function exposedBeside(comm: number, gemm: number, share = NCCL_SM_SHARE): number {
  return Math.max(comm, gemm + share * comm) - gemm;
}

export interface TpComm {
  /** the forward's collectives (also what full recomputation runs again) */
  forward: number;
  /** the backward's, synchronous and the exposed part of the asynchronous ones */
  backward: number;
}

export interface TpContext {
  job: TrainingWorkload;
  x: LayerShape;
  rates: ComputeRates;
  tier: CollectiveTier;
}

function collective(c: TpContext) {
  const msg = c.x.micro * c.x.seq * c.x.hidden * c.x.actBytes;
  return (kind: Collective) => collectiveSeconds(kind, msg, c.x.tp, c.tier);
}

/** Backward time of column-parallel GEMM `name` (ops named `name.dgrad`, `name.wgrad`) with its input-gradient collective. */
function columnBackward(c: TpContext, backward: readonly PassOp[], name: string): number {
  const tp = collective(c);
  const gemm = (suffix: string) => opsSeconds(backward.filter((o) => o.name === `${name}.${suffix}`), c.rates);
  if (c.job.overlapTpComm === false) return c.x.sp ? tp('all-gather') + tp('reduce-scatter') : tp('all-reduce');
  if (c.x.sp) return exposedBeside(tp('all-gather'), gemm('dgrad')) + exposedBeside(tp('reduce-scatter'), gemm('wgrad'));
  return exposedBeside(tp('all-reduce'), gemm('wgrad'));
}

/** One transformer layer of `kind`, given its backward kernels (flops.ts layerOps). */
export function tpLayerComm(c: TpContext, kind: LayerKind, backward: readonly PassOp[]): TpComm {
  if (c.x.tp <= 1) return { forward: 0, backward: 0 };
  const tp = collective(c);
  const pair = c.x.sp ? tp('all-gather') + tp('reduce-scatter') : tp('all-reduce');
  const rowGradGather = c.x.sp ? tp('all-gather') : 0;
  const attention = rowGradGather + columnBackward(c, backward, 'qkv');
  const ffn = kind === 'dense' ? rowGradGather + columnBackward(c, backward, 'ffn-up') : pair;
  return { forward: 2 * pair, backward: attention + ffn };
}

/** The logits layer (column-parallel over the vocabulary): SP all-gathers its input in forward. */
export function tpOutputComm(c: TpContext, backward: readonly PassOp[]): TpComm {
  if (c.x.tp <= 1) return { forward: 0, backward: 0 };
  const tp = collective(c);
  return { forward: c.x.sp ? tp('all-gather') : 0, backward: columnBackward(c, backward, 'logits') };
}

/** Scatter/gather between pipeline stages: the all-gather of a received activation or gradient (0 with SP or tp 1). */
export function pipelineGatherSeconds(c: TpContext): number {
  return c.x.tp > 1 && !c.x.sp && c.job.parallelism.pp > 1 ? collective(c)('all-gather') : 0;
}
