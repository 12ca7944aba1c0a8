/**
 * Bytes per stored element for inference weights and KV cache.
 *
 *   bf16 / fp16   2 bytes
 *   fp8           1 byte; one fp32 scale per tensor (ModelOpt FP8 checkpoints: per-tensor weight and
 *                 activation scales), negligible against millions of weights, so not counted
 *   int4          0.5 byte + group-scale overhead: AWQ and GPTQ quantise in groups of 128 weights along the
 *                 input dimension, each group with an fp16 scale (2 bytes) and a 4-bit zero point (0.5
 *                 byte, packed): 2.5 / 128 = 0.0195 byte per weight, so 0.5195 byte per weight
 *                 (Lin et al. 2024 "AWQ", group size 128 as the default; AutoAWQ `q_group_size=128`,
 *                 `zero_point=True`; GPTQ `group_size=128` stores the same per-group scale and qzeros)
 *
 * Which tensors are quantised: only the linear layers of the transformer blocks. The input embedding, the
 * output (LM head) and the norm weights stay in 16 bits: ModelOpt FP8 checkpoints (the format of the
 * nvidia/*-FP8 models TensorRT-LLM benchmarks) list `lm_head` under `exclude_modules` in their
 * hf_quant_config.json, and the embedding is a lookup table that is not quantised (some checkpoints list
 * `model.embed_tokens` there explicitly); AutoAWQ and GPTQ likewise leave `lm_head` and the embedding in
 * fp16. For Llama 3 8B that is 1.05 B of its 8.03 B parameters.
 */
import type { KvPrecision, WeightPrecision } from '../types.ts';

/** Group size of int4 weight quantisation (AWQ/GPTQ default). */
export const INT4_GROUP_SIZE = 128;
/** Per-group fp16 scale (2 bytes) + 4-bit zero point (0.5 byte). */
export const INT4_GROUP_OVERHEAD_BYTES = 2.5;

/** Bytes per weight of a quantisable (linear-layer) matrix. */
export function linearWeightBytes(p: WeightPrecision): number {
  switch (p) {
    case 'bf16':
    case 'fp16':
      return 2;
    case 'fp8':
      return 1;
    case 'int4':
      return 0.5 + INT4_GROUP_OVERHEAD_BYTES / INT4_GROUP_SIZE;
  }
}

/** Embedding, LM head and norms are never quantised (see header). */
export const UNQUANTISED_WEIGHT_BYTES = 2;

export function kvElementBytes(p: KvPrecision): number {
  return p === 'fp8' ? 1 : 2;
}

/** Activations between kernels are 16-bit in every engine modelled (fp8 GEMMs take fp8 inputs, made by a
 * quantisation fused into the producing kernel, and write bf16). */
export const ACTIVATION_BYTES = 2;

/** Bytes per element of a GEMM's activation input for the engine's compute precision. */
export function gemmInputBytes(compute: 'bf16' | 'fp16' | 'fp8'): number {
  return compute === 'fp8' ? 1 : 2;
}

