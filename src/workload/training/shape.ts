/**
 * The dimensions one tensor-parallel rank works on, and parameter counts.
 *
 * Notation (Korthikanti et al. 2022, "Reducing Activation Recomputation in Large Transformer Models"):
 * b micro-batch, s sequence, h hidden, a attention heads, g key/value heads (GQA; g = a for MHA),
 * d = h/a head size, f FFN hidden size, V vocabulary, L layers, t tensor-parallel size.
 *
 * Parameters per layer: attention h·(a + 2g)·d + a·d·h, FFN (gelu) 2hf or (swiglu) 3hf, two norms 2h.
 * Model: L·layer + V·h (embedding) + h (final norm) + V·h more when the output layer is untied.
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
import type { ModelArchitecture } from './model-types.ts';

export interface LayerShape {
  micro: number;
  seq: number;
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
    seq: job.batch.sequenceLength,
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
  };
}

/** K/V heads held by one tp rank: a rank holds at least one (Megatron replicates K/V heads when g < t). */
export function kvHeadsPerRank(kvHeads: number, tp: number): number {
  return Math.max(1, kvHeads / tp);
}

function ffnMatrices(m: ModelArchitecture): number {
  return m.ffnKind === 'swiglu' ? 3 : 2;
}

/** Parameters of one transformer layer, whole (not split over tp). */
export function layerParams(m: ModelArchitecture): number {
  const d = m.hiddenSize / m.attentionHeads;
  const attn = m.hiddenSize * (m.attentionHeads + 2 * m.kvHeads) * d + m.attentionHeads * d * m.hiddenSize;
  return attn + ffnMatrices(m) * m.hiddenSize * m.ffnHiddenSize + 2 * m.hiddenSize;
}

/** Embedding, final norm and (untied) output layer parameters. */
export function headParams(m: ModelArchitecture): number {
  const emb = m.vocabSize * m.hiddenSize;
  return emb + m.hiddenSize + (m.tiedEmbeddings ? 0 : emb);
}

export function totalParams(m: ModelArchitecture): number {
  return m.layers * layerParams(m) + headParams(m);
}

/** Parameters one tp rank holds for one layer (norm weights are replicated on every rank). */
export function layerParamsPerRank(m: ModelArchitecture, tp: number): number {
  const d = m.hiddenSize / m.attentionHeads;
  const g = kvHeadsPerRank(m.kvHeads, tp);
  const attn = m.hiddenSize * (m.attentionHeads / tp + 2 * g) * d + (m.attentionHeads / tp) * d * m.hiddenSize;
  return attn + (ffnMatrices(m) * m.hiddenSize * m.ffnHiddenSize) / tp + 2 * m.hiddenSize;
}

/** Head parameters per tp rank: embeddings are split over the vocabulary (vocab-parallel). */
export function headParamsPerRank(m: ModelArchitecture, tp: number): number {
  const emb = (m.vocabSize * m.hiddenSize) / tp;
  return emb + m.hiddenSize + (m.tiedEmbeddings ? 0 : emb);
}

export function paramsPerRank(m: ModelArchitecture, tp: number): number {
  return m.layers * layerParamsPerRank(m, tp) + headParamsPerRank(m, tp);
}
