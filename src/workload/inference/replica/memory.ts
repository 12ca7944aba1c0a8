/**
 * Device memory of one inference replica: weights, KV cache per token, activation workspace, KV blocks.
 *
 * Notation: L layers, h hidden, a heads, g KV heads, d = h/a head size, f FFN size, V vocabulary,
 * t = tp, p = pp, w = bytes per linear-layer weight (precision.ts), k = bytes per KV element.
 *
 *   layer weights per GPU  = w · [h·(a/t + 2·g')·d + (a/t)·d·h + m·h·f/t] + 2 · 2h      (m = 2 gelu, 3 swiglu;
 *                            two norm vectors replicated on every rank, 16-bit)
 *   g'                     = max(1, g/t): when g < t every rank keeps one K/V head (the heads are replicated,
 *                            as vLLM's QKVParallelLinear and Megatron do; TRT-LLM does the same)
 *   head weights per GPU   = 2 · (V·h/t [embedding, vocab-parallel] + h [final norm] + V·h/t [untied LM head])
 *   weights per GPU        = ⌈L/p⌉ · layer + head part of the fullest stage (p = 1: all of it; p > 1: the larger
 *                            of the embedding (first stage) and final norm + LM head (last stage))
 *   KV bytes / token / GPU = 2 (K and V) · ⌈L/p⌉ · g' · d · k
 *   workspace per GPU      = W_tok · 2 · (2h + 3f/t)  +  W_seq · (V/t) · 4
 *       the live activations of the largest forward pass the engine plans for (W_tok tokens: residual and
 *       normed hidden states, then the FFN's gate/up output and activation), and fp32 logits for W_seq
 *       sampled sequences. vLLM measures this peak with a dummy forward of max_num_batched_tokens before
 *       sizing the KV cache (Worker.determine_num_available_blocks); this is the closed form of that peak.
 *       Defaults W_tok = 8192 (TensorRT-LLM's default max_num_tokens and vLLM's default
 *       max_num_batched_tokens with chunked prefill), W_seq = 256 (vLLM's default max_num_seqs).
 *   kvBlocks               = ⌊(capacity · memoryFraction − weights − workspace) / (blockTokens · KV bytes/token)⌋
 *
 * MoE models (replica/moe.ts): an MoE layer's FFN is (E/ep + s) experts over tp plus the 16-bit router; a
 * replica has ep × (tp × pp) devices and the weights per GPU are those of its fullest pipeline stage. The
 * workspace per GPU is the larger of a dense and an MoE layer's activations for W_tok/ep tokens of its group
 * (plus W_tok·k/ep routed rows at 3f_e/t each), and kvBlocks is ep × the per-GPU count (each ep group keeps
 * the KV of its own sequences).
 *
 * Not modelled: the CUDA context and library workspaces (cuBLAS, NCCL buffers; a few hundred MB outside the
 * PyTorch allocator), CUDA-graph memory pools. They are not in any cited figure we can use, so they are
 * left out rather than guessed; the KV capacity is therefore slightly optimistic.
 */
import type { ModelArchitecture } from '../../training/model-types.ts';
import { kvHeadsPerRank } from '../../training/shape.ts';
import type { ReplicaSpec } from '../types.ts';
import { epOf, moeFfnParamsPerGpu, stageLayerCounts } from './moe.ts';
import { ACTIVATION_BYTES, kvElementBytes, linearWeightBytes, UNQUANTISED_WEIGHT_BYTES } from './precision.ts';

export interface ReplicaOptions {
  /** tokens of the largest forward pass the activation workspace is sized for (default 8192) */
  workspaceTokens?: number;
  /** sequences whose logits the workspace holds (default 256) */
  workspaceSequences?: number;
}

export const DEFAULT_WORKSPACE_TOKENS = 8192;
export const DEFAULT_WORKSPACE_SEQUENCES = 256;

export function headDim(m: ModelArchitecture): number {
  return m.hiddenSize / m.attentionHeads;
}

export function layersPerStage(m: ModelArchitecture, pp: number): number {
  return Math.ceil(m.layers / pp);
}

/** Parameters of the linear layers of one transformer layer on one tp rank. */
export function linearParamsPerRank(m: ModelArchitecture, tp: number): { qkv: number; out: number; ffnUp: number; ffnDown: number } {
  const h = m.hiddenSize;
  const d = headDim(m);
  const qkvCols = (m.attentionHeads / tp + 2 * kvHeadsPerRank(m.kvHeads, tp)) * d;
  const f = m.ffnHiddenSize / tp;
  return {
    qkv: h * qkvCols,
    out: (m.attentionHeads / tp) * d * h,
    ffnUp: (m.ffnKind === 'swiglu' ? 2 : 1) * h * f,
    ffnDown: f * h,
  };
}

/** Bytes of one transformer layer's weights on one GPU. */
export function layerWeightBytes(spec: ReplicaSpec): number {
  const p = linearParamsPerRank(spec.model, spec.tp);
  const linear = p.qkv + p.out + p.ffnUp + p.ffnDown;
  return linear * linearWeightBytes(spec.weightPrecision) + 2 * spec.model.hiddenSize * UNQUANTISED_WEIGHT_BYTES;
}

/** Bytes of one MoE transformer layer's weights on one GPU (attention over tp, experts over ep and tp). */
export function moeLayerWeightBytes(spec: ReplicaSpec): number {
  const m = spec.model;
  if (m.moe === undefined) return layerWeightBytes(spec);
  const p = linearParamsPerRank(m, spec.tp);
  const ffn = moeFfnParamsPerGpu(m, m.moe, spec.tp, epOf(spec));
  return (p.qkv + p.out + ffn.linear) * linearWeightBytes(spec.weightPrecision) + (ffn.router + 2 * m.hiddenSize) * UNQUANTISED_WEIGHT_BYTES;
}

/** Embedding and (final norm + LM head) bytes on one GPU. */
export function headWeightBytes(spec: ReplicaSpec): { embedding: number; output: number } {
  const m = spec.model;
  const table = ((m.vocabSize * m.hiddenSize) / spec.tp) * UNQUANTISED_WEIGHT_BYTES;
  return { embedding: table, output: m.hiddenSize * UNQUANTISED_WEIGHT_BYTES + (m.tiedEmbeddings ? 0 : table) };
}

export function weightsBytesPerGpu(spec: ReplicaSpec): number {
  const head = headWeightBytes(spec);
  if (spec.model.moe !== undefined) {
    // stages differ (dense layers first, then MoE): the fullest stage sets the per-GPU figure
    const dense = layerWeightBytes(spec);
    const moe = moeLayerWeightBytes(spec);
    let most = 0;
    for (let s = 0; s < spec.pp; s++) {
      const n = stageLayerCounts(spec.model, spec.pp, s);
      const headPart = (s === 0 ? head.embedding : 0) + (s === spec.pp - 1 ? head.output : 0);
      most = Math.max(most, n.dense * dense + n.moe * moe + headPart);
    }
    return most;
  }
  const headPart = spec.pp === 1 ? head.embedding + head.output : Math.max(head.embedding, head.output);
  return layersPerStage(spec.model, spec.pp) * layerWeightBytes(spec) + headPart;
}

/** K and V of one token for one layer on one GPU. */
export function kvBytesPerTokenPerLayer(spec: ReplicaSpec): number {
  return 2 * kvHeadsPerRank(spec.model.kvHeads, spec.tp) * headDim(spec.model) * kvElementBytes(spec.kvPrecision);
}

export function kvBytesPerTokenPerGpu(spec: ReplicaSpec): number {
  return layersPerStage(spec.model, spec.pp) * kvBytesPerTokenPerLayer(spec);
}

export function workspaceBytesPerGpu(spec: ReplicaSpec, opts: ReplicaOptions = {}): number {
  const m = spec.model;
  const tokens = opts.workspaceTokens ?? DEFAULT_WORKSPACE_TOKENS;
  const seqs = opts.workspaceSequences ?? DEFAULT_WORKSPACE_SEQUENCES;
  if (m.moe !== undefined) {
    const ep = epOf(spec);
    const dense = m.moe.denseLayers > 0 ? 3 * m.ffnHiddenSize : 0;
    const moe = 3 * m.moe.expertFfnHiddenSize * (m.moe.sharedExperts + m.moe.topK);
    const perGroupToken = ACTIVATION_BYTES * (2 * m.hiddenSize + Math.max(dense, moe) / spec.tp);
    return (tokens / ep) * perGroupToken + (seqs / ep) * (m.vocabSize / spec.tp) * 4;
  }
  const perToken = ACTIVATION_BYTES * (2 * m.hiddenSize + (3 * m.ffnHiddenSize) / spec.tp);
  return tokens * perToken + seqs * (m.vocabSize / spec.tp) * 4;
}

/** Bytes left for the KV cache on each GPU; negative when weights and workspace do not fit. */
export function kvCacheBytesPerGpu(spec: ReplicaSpec, opts: ReplicaOptions = {}): number {
  const usable = spec.accelerator.memory.capacityBytes * spec.memoryFraction;
  return usable - weightsBytesPerGpu(spec) - workspaceBytesPerGpu(spec, opts);
}

/** Paged KV blocks of the replica (a block spans all GPUs of the replica, so this is the per-GPU count). */
export function kvBlocks(spec: ReplicaSpec, opts: ReplicaOptions = {}): number {
  const free = kvCacheBytesPerGpu(spec, opts);
  return epOf(spec) * Math.floor(free / (spec.blockTokens * kvBytesPerTokenPerGpu(spec)));
}
