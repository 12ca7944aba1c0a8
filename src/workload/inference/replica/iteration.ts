/**
 * Wall time of one engine iteration (a forward pass over a mixed batch of prefill chunks and decode steps)
 * on one replica, from the roofline (hardware/compute.ts) and the ring all-reduce cost (fabric/collective-cost.ts).
 *
 * Batch: entries i with c_i tokens this iteration and p_i tokens already cached; T = Σ c_i; n = entries.
 * Per layer, per GPU (t = tp, a_t = a/t heads, g' = max(1, g/t), d head size, e = 2 activation bytes,
 * w = weight bytes, x = GEMM input bytes (1 for fp8 compute), κ = KV bytes per token per layer per GPU):
 *   weight GEMMs  qkv, out-proj, ffn-up (gate+up), ffn-down, each (T × k)·(k × n):
 *                 flops 2·T·k·n, bytes T·k·x + k·n·w + T·n·e — the weights are read once per iteration, so
 *                 at small T the memory term (weight bytes) dominates (decode) and at large T the
 *                 compute term 2·T·params does (prefill). Rate: the computePrecision peak × e_mm, where
 *                 for fp8 e_mm = min(profile e_mm, 0.571): fp8 GEMMs as serving engines call them sustain
 *                 about 0.57 of the fp8 peak on Hopper, below the bf16-measured profile figure
 *                 (the accelerator profile's efficiency.fp8Matmul, with its sources).
 *   prefill attn  Σ_prefill 4·c·(p + c/2)·a_t·d flops (causal: the chunk sees its context and half of
 *                 itself); bytes Σ (p + c)·κ + 2·c·a_t·d·e (K,V read once, Q read and O written)
 *   decode attn   Σ_decode 4·(p + 1)·a_t·d flops; bytes Σ (p + 1)·κ + 2·a_t·d·e (memory-bound: the KV read)
 *                 Attention runs at the bf16 peak × e_mm (flash attention in 16 bits; FlashAttention-3
 *                 reaches ~0.75 of the H100 bf16 peak, Shah et al. 2024, so e_mm = 0.8 is close).
 *   elementwise   2 fused residual-add + RMSNorm, 4e per element of T·h (read x and residual, write both;
 *                 vLLM fused_add_rms_norm); rotary on Q and K, 2e per element of T·(a_t + g')·d; SwiGLU 3e
 *                 (gelu 2e) per element of T·f/t; KV-cache write T·(2g'd·e + κ)
 *   TP            2 all-reduces of T·h·e bytes (after out-proj and ffn-down), ring alpha-beta on the
 *                 scale-up fabric (β = link × efficiency, α = fabric latency), not overlapped with compute.
 * Once per iteration:
 *   embedding     gather of T·h (2e per element) + 1 all-reduce of T·h·e (vocab-parallel embedding)
 *   head          final RMSNorm over n·h; LM head GEMM (n × h)·(h × V/t) in bf16 (the LM head is never
 *                 quantised, precision.ts) for n rows: one per entry — vLLM computes logits at the last
 *                 scheduled token of every request, partial prefill chunks included, and discards those
 *                 samples (gpu_model_runner logits_indices); all-gather of the n·V·e logits over tp;
 *                 sampling over n·V/t values at 10 bytes each (cast to fp32 and one fp32 read; an estimate,
 *                 no measured source)
 *   PP            the stages run one after another for a single iteration (no micro-batching across
 *                 iterations, which real engines use to keep stages busy; so pp adds no throughput here),
 *                 so the L layers are summed; (pp − 1) point-to-point sends of T·h·e over the scale-up fabric.
 * MoE models (replica/moe.ts, its header has the equations): the MoE layers' FFN is the routed experts hit by
 * the batch (all T tokens of the replica, k routes each), the shared experts and the router, plus a dispatch
 * and a combine all-to-all over the ep group; with ep > 1 every other term above runs on one ep group's
 * T/ep tokens and 1/ep of the attention work and of the n sampled rows (data-parallel attention, balanced).
 * Engine overhead: none. No per-iteration constant (scheduling, sampling launch, CUDA-graph replay) has a
 * source we can cite, so none is added; kernel launch gaps are not modelled (compute.ts).
 * Ring all-reduce at small messages is pessimistic: TRT-LLM and vLLM use one-shot/custom all-reduce kernels
 * for decode-sized messages, with fewer latency steps than the ring's 2(t − 1).
 */
import { computeRates, matmulPeak, opSeconds, type ComputeRates, type Op } from '../../../hardware/compute.ts';
import { allToAllSeconds, collectiveSeconds, type CollectiveTier } from '../../../fabric/collective-cost.ts';
import { kvHeadsPerRank } from '../../training/shape.ts';
import type { BatchEntry, ReplicaSpec } from '../types.ts';
import { headDim, kvBytesPerTokenPerLayer, linearParamsPerRank } from './memory.ts';
import { epOf, moeLayerWork } from './moe.ts';
import { ACTIVATION_BYTES as E, gemmInputBytes, linearWeightBytes, UNQUANTISED_WEIGHT_BYTES } from './precision.ts';

/** Seconds of one iteration by component (summed over layers and stages). */
export interface IterationBreakdown {
  weightGemms: number;
  attention: number;
  elementwise: number;
  /** embedding, final norm, LM head, sampling */
  head: number;
  /** TP all-reduces / all-gather and PP sends */
  communication: number;
  total: number;
}

/** Sampling bytes per logit: cast to fp32 (4 written) and one fp32 read, after the 2-byte logits read. */
const SAMPLING_BYTES_PER_LOGIT = 10;

export interface IterationModel {
  breakdown(entries: readonly BatchEntry[]): IterationBreakdown;
}

function weightGemm(name: string, tokens: number, k: number, n: number, x: number, w: number): Op {
  return { name, kind: 'matmul', flops: 2 * tokens * k * n, bytes: tokens * k * x + k * n * w + tokens * n * E };
}

function scaleUpTier(spec: ReplicaSpec): CollectiveTier {
  const f = spec.scaleUp;
  if (f === null) return { tier: 'none', busBytesPerSecond: Infinity, latencySeconds: 0, derivation: 'no scale-up fabric' };
  return { tier: 'scale-up', busBytesPerSecond: f.linkBandwidthBytesPerSecond * f.efficiency, latencySeconds: f.latencySeconds, derivation: f.name };
}

/** Builds the per-spec constants once; `breakdown` is then O(entries). */
export function iterationModel(spec: ReplicaSpec): IterationModel {
  const m = spec.model;
  const maybeGemm = computeRates(spec.accelerator, spec.computePrecision);
  const bf16: 'bf16' | 'fp16' = matmulPeak(spec.accelerator, 'bf16') !== undefined ? 'bf16' : 'fp16';
  const maybeAttn = computeRates(spec.accelerator, bf16) ?? maybeGemm;
  if (maybeGemm === undefined || maybeAttn === undefined) {
    throw new Error(`${spec.accelerator.name} has no ${spec.computePrecision} matmul rate`);
  }
  const gemmRates: ComputeRates = maybeGemm;
  // fp8 weight GEMMs run at the profile's fp8 efficiency (computeRates, efficiency.fp8Matmul)
  const weightRates: ComputeRates = gemmRates;
  const attnRates: ComputeRates = maybeAttn;
  const t = spec.tp;
  const h = m.hiddenSize;
  const d = headDim(m);
  const aT = m.attentionHeads / t;
  const gT = kvHeadsPerRank(m.kvHeads, t);
  const fT = m.ffnHiddenSize / t;
  const vT = m.vocabSize / t;
  const kappa = kvBytesPerTokenPerLayer(spec);
  const p = linearParamsPerRank(m, t);
  const x = gemmInputBytes(spec.computePrecision);
  const w = linearWeightBytes(spec.weightPrecision);
  const tier = scaleUpTier(spec);
  const actBytesPerFfnElem = m.ffnKind === 'swiglu' ? 3 * E : 2 * E;
  const upCols = p.ffnUp / h;
  const qkvCols = p.qkv / h;
  const ep = epOf(spec);
  const moe = m.moe;
  const moeLayers = moe === undefined ? 0 : m.layers - moe.denseLayers;

  function breakdown(entries: readonly BatchEntry[]): IterationBreakdown {
    let T = 0;
    let preFlops = 0;
    let preBytes = 0;
    let decFlops = 0;
    let decBytes = 0;
    for (const en of entries) {
      const c = en.tokens;
      T += c;
      if (en.phase === 'prefill') {
        preFlops += 4 * c * (en.contextTokens + c / 2) * aT * d;
        preBytes += (en.contextTokens + c) * kappa + 2 * c * aT * d * E;
      } else {
        decFlops += 4 * (en.contextTokens + c) * aT * d;
        decBytes += (en.contextTokens + c) * kappa + 2 * c * aT * d * E;
      }
    }
    if (T === 0) return { weightGemms: 0, attention: 0, elementwise: 0, head: 0, communication: 0, total: 0 };
    const all = T;
    // one ep group's share (ep = 1: the whole batch): data-parallel attention, balanced over the groups
    T = all / ep;
    const n = entries.length / ep;
    preFlops /= ep;
    preBytes /= ep;
    decFlops /= ep;
    decBytes /= ep;
    const L = m.layers - moeLayers;
    const attnGemms =
      opSeconds(weightGemm('qkv', T, h, qkvCols, x, w), weightRates) +
      opSeconds(weightGemm('out-proj', T, aT * d, h, x, w), weightRates);
    const gemm =
      attnGemms +
      opSeconds(weightGemm('ffn-up', T, h, upCols, x, w), weightRates) +
      opSeconds(weightGemm('ffn-down', T, fT, h, x, w), weightRates);
    const attn =
      (preFlops > 0 ? opSeconds({ name: 'prefill-attention', kind: 'matmul', flops: preFlops, bytes: preBytes }, attnRates) : 0) +
      (decFlops > 0 ? opSeconds({ name: 'decode-attention', kind: 'matmul', flops: decFlops, bytes: decBytes }, attnRates) : 0);
    const ew = (name: string, elems: number, bytesPer: number): number =>
      opSeconds({ name, kind: 'memory', flops: elems, bytes: elems * bytesPer }, gemmRates);
    const ewBase =
      2 * ew('add-rmsnorm', T * h, 4 * E) +
      ew('rotary', T * (aT + gT) * d, 2 * E) +
      opSeconds({ name: 'kv-cache-write', kind: 'memory', flops: 0, bytes: T * (2 * gT * d * E + kappa) }, gemmRates);
    const elementwise = ewBase + ew('ffn-activation', T * fT, actBytesPerFfnElem);
    const ar = (bytes: number): number => collectiveSeconds('all-reduce', bytes, t, tier);
    const layerComm = 2 * ar(T * h * E);
    let moeGemm = 0;
    let moeEw = 0;
    let moeComm = 0;
    if (moe !== undefined && moeLayers > 0) {
      const work = moeLayerWork(spec, moe, all, x, w, E);
      moeGemm = attnGemms + work.gemms.reduce((s, op) => s + opSeconds(op, weightRates), 0) + opSeconds(work.router, attnRates);
      moeEw = ewBase + ew('moe-activation', work.activationElements, actBytesPerFfnElem);
      moeComm = layerComm + 2 * allToAllSeconds(work.allToAllBytes, ep, tier);
    }
    const head =
      ew('embedding', T * h, 2 * E) +
      ew('final-rmsnorm', n * h, 2 * E) +
      opSeconds(weightGemm('lm-head', n, h, vT, E, UNQUANTISED_WEIGHT_BYTES), attnRates) +
      ew('sampling', n * vT, SAMPLING_BYTES_PER_LOGIT);
    const p2p = spec.pp > 1 && spec.scaleUp !== null
      ? (spec.pp - 1) * ((T * h * E) / (spec.scaleUp.linkBandwidthBytesPerSecond * spec.scaleUp.efficiency) + spec.scaleUp.latencySeconds)
      : 0;
    const comm = L * layerComm + moeLayers * moeComm + ar(T * h * E) + collectiveSeconds('all-gather', n * m.vocabSize * E, t, tier) + p2p;
    const layersAll = L + moeLayers;
    const out = {
      weightGemms: L * gemm + moeLayers * moeGemm, attention: layersAll * attn, elementwise: L * elementwise + moeLayers * moeEw,
      head, communication: comm, total: 0,
    };
    out.total = out.weightGemms + out.attention + out.elementwise + out.head + out.communication;
    return out;
  }

  return { breakdown };
}
