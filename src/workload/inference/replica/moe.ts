/**
 * Mixture-of-experts layers in an inference replica with expert parallelism (a model with a `moe` block,
 * training/model-types.ts MoeConfig).
 *
 * Layout (DeepSeek-V3's serving layout, arXiv 2412.19437 §3.4, and vLLM/SGLang "data-parallel attention +
 * expert parallelism"): a replica has ep × tp × pp devices. Attention, dense FFNs, shared experts,
 * embedding and LM head are split over tp and replicated over the ep groups, each group running attention
 * for its own share of the batch (data-parallel attention); the E routed experts of an MoE layer are split
 * E/ep per group index, each expert's matrices split over the tp ranks (expert tensor parallelism = tp, as in
 * Megatron-Core's default), so `layerParamsPerRank(m, tp, 'moe', ep)` (training/shape.ts) is a rank's layer.
 *
 * Notation: E experts, k = topK, s shared experts, f_e expert FFN width, m = 3 (swiglu) or 2 (gelu)
 * matrices, P_e = m·h·f_e parameters of one expert, T tokens of the iteration over the whole replica,
 * T_g = T/ep tokens of one ep group, w weight bytes, x GEMM input bytes, e activation bytes.
 *   weights per GPU, MoE layer = attention/tp + (E/ep + s)·P_e/tp (linear, w) + router h·E + norms 2h (16-bit)
 *   routed rows on one GPU     R = T·k/ep                 (balanced routing: every expert gets T·k/E rows)
 *   experts hit on one GPU     H = (E/ep)·(1 − (1 − k/E)^T)
 *       each token picks k of E experts, so an expert is missed by one token with probability 1 − k/E and
 *       by all T with (1 − k/E)^T (routes taken as independent and uniform: the balanced-routing assumption;
 *       a skewed router hits fewer experts and loads hot ranks more, neither modelled)
 *   routed GEMMs per GPU       flops 2·R·P_e/tp; bytes R·h·x + H·P_e/tp·w + R·(m−1)·f_e/tp·e + R·h·e
 *       (up/gate then down as two grouped GEMMs; only the H experts hit are read, which is what makes
 *       decode of a small batch cheap: at T = 1 only k experts' weights move)
 *   shared experts             a dense SwiGLU of width s·f_e over tp, on T_g tokens
 *   router                     (T_g × h)·(h × E) in 16 bits, replicated
 *   all-to-all                 dispatch + combine, each S = T_g·k·h·e bytes per rank over the ep group
 *                              (moe.ts of the training layer), t = (ep−1)/ep · S/β + (ep−1)·α on the replica's
 *                              scale-up fabric (fabric/collective-cost.ts allToAllSeconds): a replica sits
 *                              in one scale-up domain (issues.ts), so every peer is one hop away
 * KV cache: each ep group holds the KV of the sequences it runs, so the replica has ep × the blocks of one
 * GPU (memory.ts) and the batch is taken as spread evenly over the groups (attention work per group = 1/ep).
 * Not modelled: DeepSeek's MLA latent KV (the model file approximates MLA as MHA), fp8 dispatch, overlap of
 * the all-to-alls with compute (two-micro-batch overlap), capacity-factor padding (inference is dropless).
 */
import type { Op } from '../../../hardware/compute.ts';
import type { MoeConfig, ModelArchitecture } from '../../training/model-types.ts';
import type { ReplicaSpec } from '../types.ts';

export function epOf(spec: ReplicaSpec): number {
  return spec.ep ?? 1;
}

export function moeOf(m: ModelArchitecture): MoeConfig | null {
  return m.moe ?? null;
}

function matrices(m: ModelArchitecture): number {
  return m.ffnKind === 'swiglu' ? 3 : 2;
}

/** Parameters of one expert (routed or shared). */
export function expertParams(m: ModelArchitecture, moe: MoeConfig): number {
  return matrices(m) * m.hiddenSize * moe.expertFfnHiddenSize;
}

/** Expected distinct experts, of `experts`, that `tokens` tokens each routed to `topK` of them touch. */
export function expectedExpertsHit(experts: number, topK: number, tokens: number): number {
  if (tokens <= 0) return 0;
  return experts * (1 - Math.pow(1 - topK / experts, tokens));
}

/** FFN weights of one MoE layer on one GPU, in linear-layer parameters (quantised) and 16-bit parameters (router). */
export function moeFfnParamsPerGpu(m: ModelArchitecture, moe: MoeConfig, tp: number, ep: number): { linear: number; router: number } {
  return { linear: ((moe.experts / ep + moe.sharedExperts) * expertParams(m, moe)) / tp, router: m.hiddenSize * moe.experts };
}

/** Which of the model's layers are MoE (the first `denseLayers` keep the dense FFN). */
export function layerIsMoe(m: ModelArchitecture, i: number): boolean {
  return m.moe !== undefined && i >= m.moe.denseLayers;
}

/** Layers of each kind in pipeline stage `stage` of `pp` (⌈L/pp⌉ layers a stage, the last takes the rest). */
export function stageLayerCounts(m: ModelArchitecture, pp: number, stage: number): { dense: number; moe: number } {
  const per = Math.ceil(m.layers / pp);
  const lo = Math.min(m.layers, stage * per);
  const hi = Math.min(m.layers, lo + per);
  const firstMoe = m.moe === undefined ? m.layers : m.moe.denseLayers;
  const moe = Math.max(0, hi - Math.max(lo, firstMoe));
  return { dense: hi - lo - moe, moe };
}

/** The kernels of one MoE layer's FFN on one GPU for an iteration of T tokens over the replica (header):
 * `gemms` at the weight-GEMM rate, `router` at the 16-bit rate, `activationElements` for the SwiGLU/GELU
 * kernel, and the bytes of one dispatch (or combine) all-to-all per rank. */
export interface MoeLayerWork {
  gemms: Op[];
  router: Op;
  activationElements: number;
  allToAllBytes: number;
}

export function moeLayerWork(spec: ReplicaSpec, moe: MoeConfig, T: number, x: number, w: number, e: number): MoeLayerWork {
  const m = spec.model;
  const h = m.hiddenSize;
  const ep = epOf(spec);
  const fe = moe.expertFfnHiddenSize / spec.tp;
  const up = (matrices(m) - 1) * fe;
  const Tg = T / ep;
  const R = (T * moe.topK) / ep;
  const hit = expectedExpertsHit(moe.experts, moe.topK, T) / ep;
  const gemms: Op[] = [
    { name: 'moe-up', kind: 'matmul', flops: 2 * R * h * up, bytes: R * h * x + hit * h * up * w + R * up * e },
    { name: 'moe-down', kind: 'matmul', flops: 2 * R * fe * h, bytes: R * fe * x + hit * fe * h * w + R * h * e },
  ];
  const sf = moe.sharedExperts * fe;
  if (sf > 0) {
    const sUp = (matrices(m) - 1) * sf;
    gemms.push(
      { name: 'shared-up', kind: 'matmul', flops: 2 * Tg * h * sUp, bytes: Tg * h * x + h * sUp * w + Tg * sUp * e },
      { name: 'shared-down', kind: 'matmul', flops: 2 * Tg * sf * h, bytes: Tg * sf * x + sf * h * w + Tg * h * e },
    );
  }
  const router: Op = { name: 'router', kind: 'matmul', flops: 2 * Tg * h * moe.experts, bytes: Tg * h * e + h * moe.experts * e + Tg * moe.experts * 4 };
  return { gemms, router, activationElements: R * fe + Tg * sf, allToAllBytes: Tg * moe.topK * h * e };
}
