/**
 * The dimensions one tensor-parallel rank works on, and parameter counts.
 *
 * Notation (Korthikanti et al. 2022, "Reducing Activation Recomputation in Large Transformer Models"):
 * b micro-batch, s sequence, h hidden, a attention heads, g key/value heads (GQA; g = a for MHA),
 * d = h/a head size, f FFN hidden size, V vocabulary, L layers, t tensor-parallel size, c context-parallel size.
 *
 * Context parallelism (c > 1) splits every sequence over c ranks (Megatron-Core / ring attention), so
 * `LayerShape.seq` is the LOCAL length s/c a rank works on, and `cp` = c. Every kernel and activation other
 * than the attention core is linear in the tokens a rank holds, so all formulas written with `seq` stay
 * right per rank unchanged; only the attention core (flops.ts) uses the full length seq · cp, because each
 * rank's queries attend to keys of the whole sequence. With c = 1, seq is the sequence length.
 *
 * Parameters per layer: attention h·(a + 2g)·d + a·d·h, FFN (gelu) 2hf or (swiglu) 3hf, two norms 2h.
 * Model: L·layer + V·h (embedding) + h (final norm) + V·h more when the output layer is untied.
 * Mixture-of-experts layers (model.moe; layers i ≥ denseLayers, the first denseLayers keep the dense FFN):
 * the FFN is replaced by E routed experts and S shared experts of width f_e, each an FFN of 2hf_e (gelu) or
 * 3hf_e (swiglu) weights, plus the router h·E (no bias):  MoE FFN = (E + S)·k_f·h·f_e + h·E, k_f ∈ {2, 3}.
 * Active parameters per token: the top-k routed experts instead of all E: (k + S)·k_f·h·f_e + h·E.
 * Per rank, expert parallelism (ep) places E/ep routed experts on each rank of an ep group; the expert
 * weights are also split over tp (Megatron-Core's expert tensor parallel size, --expert-tensor-parallel-size,
 * defaults to the tensor parallel size), as are the shared experts (a dense FFN of width S·f_e). The router
 * is replicated on every rank.
 * Biases and learned position embeddings (GPT) are left out: < 0.5% of the parameters of every model in
 * scenarios/models (SC21 1.7B: 4.7M position + 0.7M bias of 1.65B).
 *
 * Dtypes: activations and weights take 2 bytes for bf16/fp16/fp8 (fp8 training keeps activations in
 * bf16 and casts GEMM inputs to fp8, as Transformer Engine does), 4 for fp32/tf32. The gradient buffer
 * follows Megatron-LM: fp32 (`main_grad`) for bf16, fp8, fp32 — Megatron forces "accumulate and all-reduce
 * gradients in fp32 for bfloat16" (megatron/arguments.py) — and fp16 for fp16, whose default
 * (--accumulate-allreduce-grads-in-fp32 off) accumulates and reduces in the parameter dtype.
 */
import type { TrainingWorkload } from '../../config/scenario-types.ts';
import type { ModelArchitecture, MoeConfig } from './model-types.ts';

/** A layer's FFN: the dense FFN, or routed + shared experts (model.moe). */
export type LayerKind = 'dense' | 'moe';

export interface LayerShape {
  micro: number;
  /** tokens of one sequence on this rank: sequenceLength / cp (the full length when cp = 1) */
  seq: number;
  /** context-parallel size: the sequence is split over cp ranks; full sequence = seq · cp */
  cp: number;
  hidden: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  ffn: number;
  ffnKind: 'gelu' | 'swiglu';
  vocab: number;
  tp: number;
  /** sequence parallelism: norms, dropout and residuals split over the tp ranks */
  sp: boolean;
  attention: 'flash' | 'standard';
  dropout: boolean;
  /** bytes per activation / weight element */
  actBytes: number;
  /** bytes per GEMM input element (1 for fp8) */
  gemmInBytes: number;
  /** bytes per gradient-buffer element */
  gradBytes: number;
  /** expert-parallel size: routed experts are spread over ep ranks (1 for dense models) */
  ep: number;
  /** the model's MoE block, for layers of kind 'moe'; absent for dense models */
  moe?: MoeConfig;
}

export function activationBytes(precision: TrainingWorkload['precision']): number {
  return precision === 'fp32' || precision === 'tf32' ? 4 : 2;
}

export function gradientBytes(precision: TrainingWorkload['precision']): number {
  return precision === 'fp16' ? 2 : 4;
}

export function layerShape(job: TrainingWorkload): LayerShape {
  const m = job.model;
  const act = activationBytes(job.precision);
  return {
    micro: job.batch.microSequences,
    seq: job.batch.sequenceLength / job.parallelism.cp,
    cp: job.parallelism.cp,
    hidden: m.hiddenSize,
    heads: m.attentionHeads,
    kvHeads: m.kvHeads,
    headDim: m.hiddenSize / m.attentionHeads,
    ffn: m.ffnHiddenSize,
    ffnKind: m.ffnKind,
    vocab: m.vocabSize,
    tp: job.parallelism.tp,
    sp: job.parallelism.sequenceParallel && job.parallelism.tp > 1,
    attention: job.attention,
    dropout: (m.dropout ?? 0) > 0,
    actBytes: act,
    gemmInBytes: job.precision === 'fp8' ? 1 : act,
    gradBytes: gradientBytes(job.precision),
    ep: job.parallelism.ep ?? 1,
    ...(m.moe !== undefined ? { moe: m.moe } : {}),
  };
}

/** K/V heads held by one tp rank: a rank holds at least one (Megatron replicates K/V heads when g < t). */
export function kvHeadsPerRank(kvHeads: number, tp: number): number {
  return Math.max(1, kvHeads / tp);
}

function ffnMatrices(m: ModelArchitecture): number {
  return m.ffnKind === 'swiglu' ? 3 : 2;
}

/** Layer i's kind: 'moe' for a model with a moe block, from layer denseLayers on. */
export function layerKindOf(m: ModelArchitecture, i: number): LayerKind {
  return m.moe !== undefined && i >= m.moe.denseLayers ? 'moe' : 'dense';
}

/** How many layers of each kind the model has. */
export function layerCounts(m: ModelArchitecture): Record<LayerKind, number> {
  const moe = m.moe === undefined ? 0 : m.layers - m.moe.denseLayers;
  return { dense: m.layers - moe, moe };
}

function moeOf(m: ModelArchitecture): MoeConfig {
  if (m.moe === undefined) throw new Error(`internal: model ${m.id} has no moe block, so it has no 'moe' layers`);
  return m.moe;
}

/** Weights of one expert (routed or shared). */
function expertParams(m: ModelArchitecture): number {
  return ffnMatrices(m) * m.hiddenSize * moeOf(m).expertFfnHiddenSize;
}

/** Attention weights of one layer on one tp rank (K/V heads replicated when g < t). */
function attentionParamsPerRank(m: ModelArchitecture, tp: number): number {
  const d = m.hiddenSize / m.attentionHeads;
  const g = kvHeadsPerRank(m.kvHeads, tp);
  return m.hiddenSize * (m.attentionHeads / tp + 2 * g) * d + (m.attentionHeads / tp) * d * m.hiddenSize;
}

/** FFN weights of one layer of `kind` on one rank: dense or shared experts split over tp, routed experts over
 * ep and tp, the router replicated. */
function ffnParamsPerRank(m: ModelArchitecture, tp: number, kind: LayerKind, ep: number): number {
  if (kind === 'dense') return (ffnMatrices(m) * m.hiddenSize * m.ffnHiddenSize) / tp;
  const moe = moeOf(m);
  return ((moe.experts / ep + moe.sharedExperts) * expertParams(m)) / tp + m.hiddenSize * moe.experts;
}

/** Parameters of one transformer layer of `kind`, whole (not split over tp or ep). */
export function layerParams(m: ModelArchitecture, kind: LayerKind = 'dense'): number {
  return layerParamsPerRank(m, 1, kind, 1);
}

/** Embedding, final norm and (untied) output layer parameters. */
export function headParams(m: ModelArchitecture): number {
  const emb = m.vocabSize * m.hiddenSize;
  return emb + m.hiddenSize + (m.tiedEmbeddings ? 0 : emb);
}

export function totalParams(m: ModelArchitecture): number {
  const n = layerCounts(m);
  return n.dense * layerParams(m, 'dense') + (n.moe > 0 ? n.moe * layerParams(m, 'moe') : 0) + headParams(m);
}

/** Parameters one token uses: all but the routed experts it is not sent to (E − topK per MoE layer). */
export function activeParams(m: ModelArchitecture): number {
  if (m.moe === undefined) return totalParams(m);
  return totalParams(m) - layerCounts(m).moe * (m.moe.experts - m.moe.topK) * expertParams(m);
}

/** Parameters one rank holds for one layer of `kind` (norm weights are replicated on every rank). */
export function layerParamsPerRank(m: ModelArchitecture, tp: number, kind: LayerKind = 'dense', ep = 1): number {
  return attentionParamsPerRank(m, tp) + ffnParamsPerRank(m, tp, kind, ep) + 2 * m.hiddenSize;
}

/** Head parameters per tp rank: embeddings are split over the vocabulary (vocab-parallel). */
export function headParamsPerRank(m: ModelArchitecture, tp: number): number {
  const emb = (m.vocabSize * m.hiddenSize) / tp;
  return emb + m.hiddenSize + (m.tiedEmbeddings ? 0 : emb);
}

export function paramsPerRank(m: ModelArchitecture, tp: number, ep = 1): number {
  const n = layerCounts(m);
  const moe = n.moe > 0 ? n.moe * layerParamsPerRank(m, tp, 'moe', ep) : 0;
  return n.dense * layerParamsPerRank(m, tp, 'dense') + moe + headParamsPerRank(m, tp);
}

/**
 * The routed-expert share of paramsPerRank. These weights are replicated over dp/ep ranks only (the
 * expert-data-parallel group), not over dp: their gradients are reduced, and under ZeRO their optimizer
 * state sharded, over dp/ep ranks (Megatron-Core's expert data parallel group).
 */
export function expertParamsPerRank(m: ModelArchitecture, tp: number, ep = 1): number {
  if (m.moe === undefined) return 0;
  return (layerCounts(m).moe * (m.moe.experts / ep) * expertParams(m)) / tp;
}
