/**
 * The kernels of one transformer layer and of the model head, per tensor-parallel rank and micro-batch,
 * forward and backward, with their FLOPs and memory traffic (for the roofline in hardware/compute.ts).
 *
 * Matmul FLOPs of one layer forward (MHA, gelu FFN f = 4h, summed over the t ranks):
 *   QKV 6bsh², scores QKᵀ 2bs²h, context PV 2bs²h, output projection 2bsh², FFN 16bsh²
 *   = 24bsh²(1 + s/6h); with the logits layer (2bshV) the model forward is 24Lbsh²(1 + s/6h + V/12Lh),
 *   training (backward = 2 × forward) 72×…, and with full recomputation (one more layer forward, not of
 *   the logits) 96Lbsh²(1 + s/6h + V/16Lh) — the SC21 conventions in validation-dev.md. GQA shrinks the
 *   K/V projections to g·d columns; swiglu has three h×f matrices.
 *
 * Each op carries `flops` (what the kernel executes) and `modelFlops` (the counting convention above,
 * full s² attention, matmuls only). They differ for causal flash attention, which skips the blocks above
 * the diagonal (executes ½ of the s² work) and recomputes the scores in backward (5 s²d GEMMs instead of
 * 4); the convention counts neither, so MFU stays comparable with published figures.
 *
 * Bytes per element of the bandwidth-bound kernels (e = activation bytes; forward / backward):
 *   layer norm 2e / 3e (read x, write y / read x, dy, write dx); bias-dropout-add 3e+1 / 2e+1 (the mask is
 *   one byte); residual add without dropout 3e / 3e; fused scale-mask-softmax over b·a·s² 2e / 3e;
 *   attention dropout 2e+1 / 2e+1; gelu over b·s·f 2e / 3e; swiglu 3e / 5e; embedding gather 2e and its
 *   scatter-add backward e + 2×grad bytes; cross-entropy over b·s·V/t fp32 logits: Megatron's
 *   vocab-parallel loss makes six passes (cast, max, subtract, exp, sum, divide) ≈ e + 36 forward and
 *   12 + e backward. `standard` attention materialises the b·a·s² scores (2021 Megatron); `flash` is one
 *   fused kernel reading Q, K, V and writing O.
 * Without sequence parallelism norms, dropouts and residuals run replicated on every tp rank.
 */
import { elementwiseOp, gemmOp, type GemmShape, type Op } from '../../hardware/compute.ts';
import { kvHeadsPerRank, type LayerShape } from './shape.ts';

export interface PassOp extends Op {
  /** FLOPs by the counting convention (matmuls only, full s² attention) */
  modelFlops: number;
}

export interface PassOps {
  forward: PassOp[];
  backward: PassOp[];
}

export interface LayerOps extends PassOps {
  /** what selective recomputation runs again: the attention core (scores, softmax, dropout, context) */
  attentionCore: PassOp[];
}

function counted(op: Op, modelFlops = op.kind === 'matmul' ? op.flops : 0): PassOp {
  return { ...op, modelFlops };
}

/** A GEMM with weights: forward, then backward dgrad (dX = dY·Wᵀ) and wgrad (dW = Xᵀ·dY, accumulated
 * into the gradient buffer: read and write). */
function weightGemm(name: string, g: GemmShape, x: LayerShape): PassOps {
  const fwd = gemmOp(name, g, x.gemmInBytes, x.actBytes);
  const dgrad = gemmOp(`${name}.dgrad`, { batch: g.batch, m: g.m, n: g.k, k: g.n }, x.gemmInBytes, x.actBytes);
  const wg = gemmOp(`${name}.wgrad`, { batch: g.batch, m: g.k, n: g.n, k: g.m }, x.gemmInBytes, x.actBytes);
  const wgrad = { ...wg, bytes: wg.bytes + g.batch * g.k * g.n * (2 * x.gradBytes - x.actBytes) };
  return { forward: [counted(fwd)], backward: [counted(dgrad), counted(wgrad)] };
}

/** A GEMM of two activations (attention scores, context): backward is two GEMMs of the same size. */
function activationGemm(name: string, g: GemmShape, x: LayerShape): PassOps {
  const e = x.actBytes;
  return {
    forward: [counted(gemmOp(name, g, e, e))],
    backward: [
      counted(gemmOp(`${name}.dA`, { batch: g.batch, m: g.m, n: g.k, k: g.n }, e, e)),
      counted(gemmOp(`${name}.dB`, { batch: g.batch, m: g.k, n: g.n, k: g.m }, e, e)),
    ],
  };
}

function elementwise(name: string, elements: number, fwdBytes: number, bwdBytes: number): PassOps {
  return {
    forward: [counted(elementwiseOp(name, elements, fwdBytes))],
    backward: [counted(elementwiseOp(`${name}.bwd`, elements, bwdBytes))],
  };
}

/** Backward kernels are listed in forward order: only their sum matters to the step time. */
function concat(parts: PassOps[]): PassOps {
  return { forward: parts.flatMap((p) => p.forward), backward: parts.flatMap((p) => p.backward) };
}

function attentionCore(x: LayerShape): PassOps {
  const { micro: b, seq: s, headDim: d, tp: t, actBytes: e } = x;
  const heads = x.heads / t;
  if (x.attention === 'flash') {
    const model = 4 * b * heads * s * s * d;
    const g = kvHeadsPerRank(x.kvHeads, t);
    const fwdBytes = e * b * s * d * (2 * heads + 2 * g);
    const bwdBytes = e * b * s * d * (4 * heads + 4 * g);
    // causal: half the blocks; backward recomputes QKᵀ (5 GEMMs of s²d per head where forward has 2)
    return {
      forward: [{ name: 'flash-attention', kind: 'matmul', flops: model / 2, bytes: fwdBytes, modelFlops: model }],
      backward: [{ name: 'flash-attention.bwd', kind: 'matmul', flops: (model / 2) * 2.5, bytes: bwdBytes, modelFlops: 2 * model }],
    };
  }
  const batch = b * heads;
  const scoreElems = batch * s * s;
  const parts = [
    activationGemm('attention-scores', { batch, m: s, n: s, k: d }, x),
    elementwise('softmax', scoreElems, 2 * e, 3 * e),
  ];
  if (x.dropout) parts.push(elementwise('attention-dropout', scoreElems, 2 * e + 1, 2 * e + 1));
  parts.push(activationGemm('attention-context', { batch, m: s, n: d, k: s }, x));
  return concat(parts);
}

/** Forward and backward kernels of one layer on one tp rank, per micro-batch. */
export function layerOps(x: LayerShape): LayerOps {
  const { micro: b, seq: s, hidden: h, tp: t, actBytes: e } = x;
  const tokens = b * s;
  const rowElems = (tokens * h) / (x.sp ? t : 1);
  const qkvCols = (x.heads / t + 2 * kvHeadsPerRank(x.kvHeads, t)) * x.headDim;
  const ffnCols = x.ffn / t;
  const residual = () => (x.dropout ? elementwise('bias-dropout-add', rowElems, 3 * e + 1, 2 * e + 1) : elementwise('residual-add', rowElems, 3 * e, 3 * e));
  const core = attentionCore(x);
  const activation =
    x.ffnKind === 'swiglu' ? elementwise('swiglu', tokens * ffnCols, 3 * e, 5 * e) : elementwise('gelu', tokens * ffnCols, 2 * e, 3 * e);
  const all = concat([
    elementwise('layernorm-1', rowElems, 2 * e, 3 * e),
    weightGemm('qkv', { batch: 1, m: tokens, n: qkvCols, k: h }, x),
    core,
    weightGemm('attention-proj', { batch: 1, m: tokens, n: h, k: (x.heads / t) * x.headDim }, x),
    residual(),
    elementwise('layernorm-2', rowElems, 2 * e, 3 * e),
    weightGemm('ffn-up', { batch: 1, m: tokens, n: (x.ffnKind === 'swiglu' ? 2 : 1) * ffnCols, k: h }, x),
    activation,
    weightGemm('ffn-down', { batch: 1, m: tokens, n: h, k: ffnCols }, x),
    residual(),
  ]);
  return { ...all, attentionCore: core.forward };
}

/** Embedding lookup (vocab-parallel) on one tp rank, per micro-batch: first in forward, last in backward. */
export function embeddingOps(x: LayerShape): PassOps {
  const tokens = x.micro * x.seq;
  const parts = [elementwise('embedding', tokens * x.hidden, 2 * x.actBytes, x.actBytes + 2 * x.gradBytes)];
  const rowElems = (tokens * x.hidden) / (x.sp ? x.tp : 1);
  if (x.dropout) parts.push(elementwise('embedding-dropout', rowElems, 2 * x.actBytes + 1, 2 * x.actBytes + 1));
  return concat(parts);
}

/** Final norm, logits layer and cross-entropy on one tp rank, per micro-batch. */
export function outputOps(x: LayerShape): PassOps {
  const { micro: b, seq: s, hidden: h, tp: t, actBytes: e } = x;
  const tokens = b * s;
  const rowElems = (tokens * h) / (x.sp ? t : 1);
  return concat([
    elementwise('final-layernorm', rowElems, 2 * e, 3 * e),
    weightGemm('logits', { batch: 1, m: tokens, n: x.vocab / t, k: h }, x),
    elementwise('cross-entropy', (tokens * x.vocab) / t, e + 36, 12 + e),
  ]);
}

export function sumFlops(ops: readonly PassOp[]): number {
  let f = 0;
  for (const op of ops) f += op.flops;
  return f;
}

export function sumModelFlops(ops: readonly PassOp[]): number {
  let f = 0;
  for (const op of ops) f += op.modelFlops;
  return f;
}

/** Counted FLOPs of one micro-batch on one tp rank: model (forward + backward) and hardware (+ recompute). */
export function microFlops(x: LayerShape, layers: number, recompute: 'none' | 'selective' | 'full'): { model: number; hardware: number } {
  const l = layerOps(x);
  const head = [embeddingOps(x), outputOps(x)].flatMap((p) => [...p.forward, ...p.backward]);
  const model = layers * (sumModelFlops(l.forward) + sumModelFlops(l.backward)) + sumModelFlops(head);
  const again = recompute === 'full' ? l.forward : recompute === 'selective' ? l.attentionCore : [];
  return { model, hardware: model + layers * sumModelFlops(again) };
}
