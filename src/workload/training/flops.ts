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
 *
 * Mixture-of-experts layers (kind 'moe', shape.ts): the FFN is, on one rank with T = b·s local tokens, E
 * experts, top-k, expert width f_e, S shared experts, ep expert-parallel and t tensor-parallel ranks
 * (expert weights split over t as in Megatron-Core, whose expert tensor parallel size defaults to t):
 *   router GEMM T_r × h × E (T_r = T/t with sequence parallelism, else T) and its softmax + top-k
 *     (elementwise over T_r·E, 2e / 3e);
 *   permute: copy the T·k routed rows (of h) into expert order before dispatch, 2e per element both ways;
 *   routed experts: the rank's E/ep experts as a batched GEMM, each expert taking R = T·k·ep/E rows —
 *     routing is assumed balanced (every expert gets its mean share; a dropless router's real imbalance
 *     is not modelled), so the rank computes T·k rows in all. With a capacity factor c each expert's
 *     buffer holds c·R rows (GShard/Switch: padded up to capacity when under-filled, tokens above it
 *     dropped), so the kernels execute c·R rows; `modelFlops` counts the min(c, 1)·R rows that carry
 *     tokens (no padding), what the conventional 6·N_active·tokens counting sees;
 *   up GEMM h → k_f·f_e/t (k_f = 2 for swiglu's gate and up, 1 for gelu), the activation, down GEMM f_e/t → h;
 *   unpermute: weight each expert output by its router probability and sum back into token order,
 *     2e forward, 3e backward (the probability gradient re-reads the expert output), per row element;
 *   shared experts: a dense FFN of width S·f_e (split over t) on all T tokens.
 * The dispatch and combine all-to-alls are communication (moe.ts), not kernels here.
 *
 * Context parallelism (cp = c): `x.seq` is the rank's local length s/c (shape.ts), so every kernel but the
 * attention core already runs on the rank's tokens; the core is the rank's 1/c share of the full causal
 * attention (attentionCore below). Summed over the c ranks, FLOPs equal those of the unsplit sequence.
 */
import { elementwiseOp, gemmOp, type GemmShape, type Op } from '../../hardware/compute.ts';
import type { ModelArchitecture } from './model-types.ts';
import { kvHeadsPerRank, layerCounts, type LayerKind, type LayerShape } from './shape.ts';

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

/** Why `standard` attention cannot run with context parallelism (issues.ts reports it before simulating). */
export const STANDARD_ATTENTION_WITH_CP =
  'context parallelism (cp > 1) needs attention: flash — ring attention computes attention blockwise, one K/V block per ring step, while standard attention materialises the full b·a·s² score matrix';

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

/**
 * The attention core on one rank, per micro-batch. With cp = c > 1 (flash only) each sequence is cut into 2c
 * chunks and a rank holds chunks i and 2c−1−i (Megatron-Core's load balancing for causal masks), so every
 * rank does exactly 1/c of the full causal work, in c ring steps of equal work (context-parallel.ts): step 0
 * its own two chunks (causal), each later step either all its queries against the first half of a received
 * K/V block or its second-half queries against the whole block — s²/2 query-key pairs each (s = the local
 * length, two chunks of s/2). With S = s·c the full length, c · s²/2 = (S²/2) / c, so
 *   model FLOPs per rank = 4·b·(a/t)·S²·d / c = 4·b·(a/t)·s·S·d   (executed: half, as for c = 1).
 * Bytes: each step's kernel moves its query-side tensors (Q, O; backward also dO, dQ) for the query rows it
 * uses and its K/V-side tensors (K, V; backward also dK, dV) for the key rows it uses, as the c = 1 kernel
 * does for the whole sequence. Rank r has r half-K/V steps (all s query rows, s/2 key rows) and c−1−r
 * half-Q steps (s/2 query rows, all s key rows) after step 0 (s and s), so the rows the c−1 later steps
 * touch average, over the ranks, 3(c−1)/4 · s on each side: bytes = the c = 1 bytes × (1 + 3(c−1)/4) (exact
 * per rank for MHA, the rank average for GQA). Merging each later step's partial result into the running
 * one (log-sum-exp rescaling of O forward; accumulating dQ, dK, dV backward, as Transformer Engine does)
 * reads the partial and reads and writes the running tensor: 3e per element of those same rows.
 */
export function attentionCore(x: LayerShape): PassOps {
  const { micro: b, seq: s, headDim: d, tp: t, actBytes: e, cp: c } = x;
  const heads = x.heads / t;
  if (x.attention === 'flash') {
    const full = s * c;
    const model = 4 * b * heads * s * full * d;
    const g = kvHeadsPerRank(x.kvHeads, t);
    const later = (3 * (c - 1)) / 4;
    const rows = e * b * s * d;
    const fwdBytes = rows * (2 * heads + 2 * g) * (1 + later) + 3 * rows * later * heads;
    const bwdBytes = rows * (4 * heads + 4 * g) * (1 + later) + 3 * rows * later * (heads + 2 * g);
    // causal: half the blocks; backward recomputes QKᵀ (5 GEMMs of s²d per head where forward has 2)
    return {
      forward: [{ name: 'flash-attention', kind: 'matmul', flops: model / 2, bytes: fwdBytes, modelFlops: model }],
      backward: [{ name: 'flash-attention.bwd', kind: 'matmul', flops: (model / 2) * 2.5, bytes: bwdBytes, modelFlops: 2 * model }],
    };
  }
  if (c > 1) throw new Error(STANDARD_ATTENTION_WITH_CP);
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

/** gelu or swiglu over `elements` FFN-inner elements, named `gelu` / `swiglu` after a prefix ('' for the dense FFN). */
function ffnActivation(x: LayerShape, prefix: string, elements: number): PassOps {
  const e = x.actBytes;
  const name = prefix === '' ? x.ffnKind : `${prefix}-${x.ffnKind}`;
  return x.ffnKind === 'swiglu' ? elementwise(name, elements, 3 * e, 5 * e) : elementwise(name, elements, 2 * e, 3 * e);
}

/** A dense FFN of width `width` (split over tp) on `tokens` rows: up GEMM, activation, down GEMM. */
function denseFfn(x: LayerShape, name: string, tokens: number, width: number): PassOps {
  const cols = width / x.tp;
  return concat([
    weightGemm(`${name}-up`, { batch: 1, m: tokens, n: (x.ffnKind === 'swiglu' ? 2 : 1) * cols, k: x.hidden }, x),
    ffnActivation(x, name === 'ffn' ? '' : name, tokens * cols),
    weightGemm(`${name}-down`, { batch: 1, m: tokens, n: x.hidden, k: cols }, x),
  ]);
}

/** Scales what the counting convention sees of some kernels (padded rows are executed, not counted). */
function countedShare(p: PassOps, share: number): PassOps {
  const f = (op: PassOp): PassOp => ({ ...op, modelFlops: op.modelFlops * share });
  return { forward: p.forward.map(f), backward: p.backward.map(f) };
}

/** The FFN of an MoE layer on one rank, per micro-batch (header: router, permute, experts, unpermute, shared). */
function moeFfn(x: LayerShape, tokens: number): PassOps {
  const moe = x.moe;
  if (moe === undefined) throw new Error("internal: a layer of kind 'moe' needs LayerShape.moe");
  const { hidden: h, tp: t, actBytes: e } = x;
  const routerRows = tokens / (x.sp ? t : 1);
  const cf = moe.capacityFactor ?? null;
  const pad = cf ?? 1;
  const localExperts = moe.experts / x.ep;
  const rows = tokens * moe.topK * pad;
  const cols = moe.expertFfnHiddenSize / t;
  const experts = concat([
    weightGemm('expert-up', { batch: localExperts, m: rows / localExperts, n: (x.ffnKind === 'swiglu' ? 2 : 1) * cols, k: h }, x),
    ffnActivation(x, 'expert', rows * cols),
    weightGemm('expert-down', { batch: localExperts, m: rows / localExperts, n: h, k: cols }, x),
  ]);
  const parts = [
    weightGemm('router', { batch: 1, m: routerRows, n: moe.experts, k: h }, x),
    elementwise('router-softmax-topk', routerRows * moe.experts, 2 * e, 3 * e),
    elementwise('moe-permute', rows * h, 2 * e, 2 * e),
    countedShare(experts, Math.min(pad, 1) / pad),
    elementwise('moe-unpermute', rows * h, 2 * e, 3 * e),
  ];
  if (moe.sharedExperts > 0) parts.push(denseFfn(x, 'shared-expert', tokens, moe.sharedExperts * moe.expertFfnHiddenSize));
  return concat(parts);
}

/** Forward and backward kernels of one layer of `kind` on one rank, per micro-batch. */
export function layerOps(x: LayerShape, kind: LayerKind = 'dense'): LayerOps {
  const { micro: b, seq: s, hidden: h, tp: t, actBytes: e } = x;
  const tokens = b * s;
  const rowElems = (tokens * h) / (x.sp ? t : 1);
  const qkvCols = (x.heads / t + 2 * kvHeadsPerRank(x.kvHeads, t)) * x.headDim;
  const residual = () => (x.dropout ? elementwise('bias-dropout-add', rowElems, 3 * e + 1, 2 * e + 1) : elementwise('residual-add', rowElems, 3 * e, 3 * e));
  const core = attentionCore(x);
  const all = concat([
    elementwise('layernorm-1', rowElems, 2 * e, 3 * e),
    weightGemm('qkv', { batch: 1, m: tokens, n: qkvCols, k: h }, x),
    core,
    weightGemm('attention-proj', { batch: 1, m: tokens, n: h, k: (x.heads / t) * x.headDim }, x),
    residual(),
    elementwise('layernorm-2', rowElems, 2 * e, 3 * e),
    kind === 'moe' ? moeFfn(x, tokens) : denseFfn(x, 'ffn', tokens, x.ffn),
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

type Recompute = 'none' | 'selective' | 'full';

function microFlopsByKind(x: LayerShape, layers: Record<LayerKind, number>, recompute: Recompute): { model: number; hardware: number } {
  const head = [embeddingOps(x), outputOps(x)].flatMap((p) => [...p.forward, ...p.backward]);
  let model = sumModelFlops(head);
  let again = 0;
  for (const kind of ['dense', 'moe'] as const) {
    if (layers[kind] === 0) continue;
    const l = layerOps(x, kind);
    model += layers[kind] * (sumModelFlops(l.forward) + sumModelFlops(l.backward));
    again += layers[kind] * sumModelFlops(recompute === 'full' ? l.forward : recompute === 'selective' ? l.attentionCore : []);
  }
  return { model, hardware: model + again };
}

/** Counted FLOPs of one micro-batch on one tp rank of a dense model of `layers` layers: model (forward +
 * backward) and hardware (+ recompute). */
export function microFlops(x: LayerShape, layers: number, recompute: Recompute): { model: number; hardware: number } {
  return microFlopsByKind(x, { dense: layers, moe: 0 }, recompute);
}

/** As microFlops, for all of model `m`'s layers, dense and MoE, on one rank. */
export function microFlopsOf(x: LayerShape, m: ModelArchitecture, recompute: Recompute): { model: number; hardware: number } {
  return microFlopsByKind(x, layerCounts(m), recompute);
}
