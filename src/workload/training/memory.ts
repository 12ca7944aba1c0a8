/**
 * Memory one GPU holds at its peak during a training step (pipeline size 1, so one micro-batch's
 * activations are live at a time).
 *
 * Model state per parameter held by the rank (N_r = parameters per tp rank, shape.ts):
 *   weights    e bytes (2 for bf16/fp16/fp8; 4 for fp32/tf32)
 *   gradients  the gradient buffer: 4 bytes (fp32 `main_grad`, Megatron-LM for bf16) or 2 for fp16 (shape.ts)
 *   optimizer  Adam: fp32 master weights + m + v = 12 bytes (8 when the weights already are fp32);
 *              ÷ dp under ZeRO-1 (Megatron's distributed optimizer shards exactly this state).
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
 * Head: embedding dropout mask, final norm input and logits-layer input (e·sbh each, ÷t with SP) and the
 * fp32 softmax that Megatron's vocab-parallel cross-entropy saves (4·sbV/t).
 *
 * Other: a 1 GiB allowance for the CUDA context, NCCL communicator buffers and cuBLAS workspaces (an
 * allowance, not a measurement), plus the bf16 logits that exist next to their fp32 copy in the loss
 * (e·sbV/t). Allocator fragmentation is not modelled.
 */
import type { TrainingWorkload } from '../../config/scenario-types.ts';
import type { MemoryBreakdown } from '../../metrics/result-types.ts';
import { kvHeadsPerRank, layerShape, paramsPerRank, type LayerShape } from './shape.ts';

export const WORKSPACE_ALLOWANCE_BYTES = 2 ** 30;

export interface LayerActivations {
  /** with nothing recomputed */
  full: number;
  /** with the attention core recomputed (the s² terms dropped) */
  selective: number;
  /** with the whole layer recomputed: its input */
  input: number;
}

/** Activation bytes one layer keeps for its backward pass, per tp rank, one micro-batch. */
export function layerActivationBytes(x: LayerShape): LayerActivations {
  const { micro: b, seq: s, hidden: h, tp: t, actBytes: e } = x;
  const sbh = s * b * h;
  const drop = x.dropout ? 1 : 0;
  const replicated = sbh * (4 * e + 2 * drop);
  const kv = kvHeadsPerRank(x.kvHeads, t) * x.headDim;
  const attn = e * sbh / t + 2 * e * s * b * kv + (e * sbh) / t;
  const ffn = (x.ffnKind === 'swiglu' ? 3 : 2) * e * s * b * (x.ffn / t);
  const split = attn + ffn;
  const scoreElems = (b * x.heads * s * s) / t;
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
  const l = layerActivationBytes(x);
  const L = job.model.layers;
  const head = headActivationBytes(x);
  switch (job.parallelism.recompute) {
    case 'none':
      return L * l.full + head;
    case 'selective':
      return L * l.selective + head;
    case 'full':
      return L * l.input + l.full + head;
  }
}

export function optimizerBytesPerParam(job: TrainingWorkload): number {
  return layerShape(job).actBytes === 4 ? 8 : 12;
}

/** Per-GPU memory at the peak of a step. */
export function memoryBreakdown(job: TrainingWorkload, capacityBytes: number): MemoryBreakdown {
  const x = layerShape(job);
  const n = paramsPerRank(job.model, job.parallelism.tp);
  const shards = job.parallelism.zero >= 1 ? job.parallelism.dp : 1;
  const weightsBytes = n * x.actBytes;
  const gradientsBytes = n * x.gradBytes;
  const optimizerBytes = (n * optimizerBytesPerParam(job)) / shards;
  const activationsBytes = activationBytes(job);
  const otherBytes = WORKSPACE_ALLOWANCE_BYTES + (x.actBytes * x.seq * x.micro * x.vocab) / x.tp;
  return {
    weightsBytes,
    gradientsBytes,
    optimizerBytes,
    activationsBytes,
    otherBytes,
    totalBytes: weightsBytes + gradientsBytes + optimizerBytes + activationsBytes + otherBytes,
    capacityBytes,
  };
}
