/**
 * Memory one GPU holds at its peak during a training step (pipeline size 1, so one micro-batch's
 * activations are live at a time).
 *
 * Model state per parameter held by the rank (N_r = parameters per tp rank, shape.ts):
 *   weights    e bytes (2 for bf16/fp16/fp8; 4 for fp32/tf32)
 *   gradients  the gradient buffer: 4 bytes (fp32 `main_grad`, Megatron-LM for bf16) or 2 for fp16 (shape.ts)
 *   optimizer  Adam: fp32 master weights + m + v = 12 bytes (8 when the weights already are fp32);
 *              ÷ dp·cp under ZeRO-1 (Megatron's distributed optimizer shards exactly this state over the
 *              data-parallel group with the context-parallel ranks, which hold the same weights).
 *
 * Activations of one layer, bytes, after Korthikanti et al. 2022 §4 (e = 2, dropout, MHA, f = 4h):
 *   no recompute, no SP:   sbh·(10 + 24/t) + 5·a·s²·b/t           = sbh(10 + 24/t + 5as/(ht))
 *   sequence parallel:     sbh·34/t + 5·a·s²·b/t
 *   selective recompute:   the a·s² term is dropped                 (34sbh/t with SP)
 *   full recompute:        the layer input only, 2sbh (÷t with SP)
 * generalised term by term: replicated without SP — both norm inputs, the QKV and FC1 inputs (e·sbh each)
 * and two dropout masks (1 byte each); split over t — Q (e·sbh), K and V (e·sb·g·d each, GQA), the output
 * projection input (e·sbh), the FFN tensors (gelu: input and output of the activation, 2e·sbf; swiglu:
 * gate and up outputs and the product, 3e·sbf); score tensors (standard attention only) — softmax output e,
 * and with dropout its mask (1) and output (e) per b·a·s²/t element. Flash attention keeps no score tensor,
 * only its fp32 log-sum-exp (4·b·a·s/t).
 * Full recomputation also holds, while a layer is recomputed, that one layer's full activations.
 *
 * Context parallelism (cp = c): s is the rank's local length s_full/c (shape.ts), so every term above is
 * per rank as written — activations per rank fall as 1/c. Ring attention keeps only local K/V for backward
 * (the backward sends K/V around the ring again; Transformer Engine saves Q, one local-size K/V block, O and
 * the log-sum-exp). Its two in-flight K/V receive buffers live only while one layer's attention runs and
 * are not counted. Standard attention with c > 1 is rejected by issues.ts (flops.ts
 * STANDARD_ATTENTION_WITH_CP); its score term here is what the rank's queries against the full sequence
 * would hold (b·a·s·s_full/t), so the memory check stays defined for such a job.
 * Mixture-of-experts layers (kind 'moe'; flops.ts for the kernels) keep, in place of the dense FFN tensors,
 * with T = sb tokens, R = T·k·c routed rows (c the capacity factor, 1 when dropless) and f_e/t expert columns:
 * the router probabilities e·T_r·E (T_r = T/t with SP, else T); the dispatched (permuted) expert input
 * e·R·h and the expert output before the combine e·R·h (the probability gradient needs it); the expert
 * FFN tensors as above on R rows (gelu 2e·R·f_e/t, swiglu 3e·R·f_e/t); and the shared experts' FFN tensors
 * on T rows of width S·f_e/t. Their input, the second norm's output, is the replicated FFN-input term.
 * Routing is taken as balanced (R rows on every rank); the indices of the routing map are not counted.
 * Head: embedding dropout mask, final norm input and logits-layer input (e·sbh each, ÷t with SP) and the
 * fp32 softmax that Megatron's vocab-parallel cross-entropy saves (4·sbV/t).
 *
 * Other: a 1 GiB allowance for the CUDA context, NCCL communicator buffers and cuBLAS workspaces (an
 * allowance, not a measurement), plus the bf16 logits that exist next to their fp32 copy in the loss
 * (e·sbV/t). Allocator fragmentation is not modelled.
 */
import type { TrainingWorkload } from '../../config/scenario-types.ts';
import { kvHeadsPerRank, layerCounts, layerShape, type LayerKind, type LayerShape } from './shape.ts';

export const WORKSPACE_ALLOWANCE_BYTES = 2 ** 30;

export interface LayerActivations {
  /** with nothing recomputed */
  full: number;
  /** with the attention core recomputed (the s² terms dropped) */
  selective: number;
  /** with the whole layer recomputed: its input */
  input: number;
}

/** Activation bytes the FFN of an MoE layer keeps (header), per rank, one micro-batch. */
function moeFfnActivationBytes(x: LayerShape): number {
  const moe = x.moe;
  if (moe === undefined) throw new Error("internal: a layer of kind 'moe' needs LayerShape.moe");
  const { micro: b, seq: s, hidden: h, tp: t, actBytes: e } = x;
  const tokens = s * b;
  const rows = tokens * moe.topK * (moe.capacityFactor ?? 1);
  const inner = (x.ffnKind === 'swiglu' ? 3 : 2) * e;
  const router = (e * tokens * moe.experts) / (x.sp ? t : 1);
  const routed = 2 * e * rows * h + (inner * rows * moe.expertFfnHiddenSize) / t;
  const shared = (inner * tokens * moe.sharedExperts * moe.expertFfnHiddenSize) / t;
  return router + routed + shared;
}

/** Activation bytes one layer of `kind` keeps for its backward pass, per tp rank, one micro-batch. */
export function layerActivationBytes(x: LayerShape, kind: LayerKind = 'dense'): LayerActivations {
  const { micro: b, seq: s, hidden: h, tp: t, actBytes: e } = x;
  const sbh = s * b * h;
  const drop = x.dropout ? 1 : 0;
  const replicated = sbh * (4 * e + 2 * drop);
  const kv = kvHeadsPerRank(x.kvHeads, t) * x.headDim;
  const attn = e * sbh / t + 2 * e * s * b * kv + (e * sbh) / t;
  const ffn = kind === 'moe' ? moeFfnActivationBytes(x) : (x.ffnKind === 'swiglu' ? 3 : 2) * e * s * b * (x.ffn / t);
  const split = attn + ffn;
  const scoreElems = (b * x.heads * s * s * x.cp) / t;
  const scores = x.attention === 'flash' ? (4 * b * x.heads * s) / t : scoreElems * (e + drop * (e + 1));
  const selective = (x.sp ? replicated / t : replicated) + split;
  return {
    full: selective + scores,
    selective: selective + (x.attention === 'flash' ? scores : 0),
    input: (e * sbh) / (x.sp ? t : 1),
  };
}

/** Head activations (embedding, final norm, logits input, saved softmax), per tp rank. */
export function headActivationBytes(x: LayerShape): number {
  const sbh = x.seq * x.micro * x.hidden;
  const rows = (sbh * ((x.dropout ? 1 : 0) + 2 * x.actBytes)) / (x.sp ? x.tp : 1);
  return rows + (4 * x.seq * x.micro * x.vocab) / x.tp;
}

export function activationBytes(job: TrainingWorkload): number {
  const x = layerShape(job);
  const n = layerCounts(job.model);
  const kinds = (['dense', 'moe'] as const).filter((k) => n[k] > 0).map((k) => ({ n: n[k], l: layerActivationBytes(x, k) }));
  const sum = (f: (l: LayerActivations) => number): number => kinds.reduce((acc, k) => acc + k.n * f(k.l), 0);
  const head = headActivationBytes(x);
  switch (job.parallelism.recompute) {
    case 'none':
      return sum((l) => l.full) + head;
    case 'selective':
      return sum((l) => l.selective) + head;
    case 'full':
      // the layer being recomputed holds its full activations: the largest kind's
      return sum((l) => l.input) + Math.max(...kinds.map((k) => k.l.full)) + head;
  }
}

export function optimizerBytesPerParam(job: TrainingWorkload): number {
  return layerShape(job).actBytes === 4 ? 8 : 12;
}
