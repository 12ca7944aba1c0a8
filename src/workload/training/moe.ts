/**
 * Expert parallelism (ep > 1) for mixture-of-experts layers: the token dispatch and combine all-to-alls of
 * one MoE layer per micro-batch, and the parallel layouts an MoE job needs.
 *
 * Scheme (GShard, Lepikhin et al. 2020; Megatron-Core's all-to-all token dispatcher): after the router
 * picks top-k experts per token, each rank permutes its routed rows into expert order and an all-to-all over
 * the ep group sends every row to the rank that holds its expert (dispatch); the experts run; a second
 * all-to-all returns the rows (combine), which are then weighted and summed back into token order. The
 * backward runs the same two all-to-alls in reverse on the gradients (the backward of a dispatch is a
 * combine and vice versa). Per rank and all-to-all, with T = b·s tokens on the rank (s the local length
 * under context parallelism), k = topK, h hidden, e activation bytes and c the capacity factor (1 when
 * dropless):
 *   S = T · k · h · e · c        bytes each rank holds and exchanges (with a capacity factor the buffers
 *                                are padded to capacity, so the padding travels too)
 *   forward  = 2 · t_a2a(S, ep)  dispatch + combine
 *   backward = 2 · t_a2a(S, ep)  their gradients
 *   t_a2a(S, n) = (n−1)/n · S / β + (n−1) · α      (fabric/collective-cost.ts allToAllSeconds)
 * With tp > 1 the expert weights are split over the same tp ranks (Megatron-Core's expert tensor parallel
 * size defaults to tp), so every tp rank dispatches all T·k rows of its micro-batch over its own ep group.
 * Routing is taken as balanced: every rank sends and receives T·k rows (a skewed router's hot ranks are
 * not modelled).
 *
 * Not modelled: DeepSeek-V3's node-limited routing (each token to at most 4 nodes, IB sent once per node and
 * forwarded over NVLink, arXiv 2412.19437 §2.1.2, §3.2.2) and its fp8 dispatch — both shrink the IB bytes
 * below S here; the overlap of these all-to-alls with compute (DualPipe, or Megatron's overlap of one
 * micro-batch's all-to-all with another's compute) is the caller's to decide.
 */
import type { Parallelism } from '../../config/scenario-types.ts';
import { allToAllSeconds, type CollectiveTier } from '../../fabric/collective-cost.ts';
import type { ModelArchitecture } from './model-types.ts';
import type { LayerShape } from './shape.ts';

/** Bytes one rank exchanges in one dispatch or combine all-to-all of one MoE layer, per micro-batch. */
export function moeAllToAllBytes(x: LayerShape): number {
  if (x.moe === undefined) return 0;
  return x.micro * x.seq * x.moe.topK * x.hidden * x.actBytes * (x.moe.capacityFactor ?? 1);
}

/** Dispatch + combine seconds of one MoE layer per micro-batch on the ep group's all-to-all tier
 * (allToAllTier, for a group of x.ep ranks); zero without experts or with ep = 1. */
export function moeLayerCommSeconds(x: LayerShape, epTier: CollectiveTier): { forward: number; backward: number } {
  const one = allToAllSeconds(moeAllToAllBytes(x), x.ep, epTier);
  return { forward: 2 * one, backward: 2 * one };
}

/** A reason an MoE job cannot be laid out, relative to the workload (`parallelism.ep`, `model.moe...`). */
export interface MoeLayoutProblem {
  path: string;
  message: string;
  hint: string;
}

/**
 * What makes `parallelism.ep` impossible for model `m`: experts on a dense model, an ep that does not divide
 * the experts (each rank holds a whole number of them) or the data-parallel ranks (Megatron-Core carves the
 * ep group out of the dp × cp ranks holding the same dense weights).
 */
export function moeLayoutProblems(m: ModelArchitecture, p: Pick<Parallelism, 'ep' | 'dp' | 'cp'>): MoeLayoutProblem[] {
  if (p.ep <= 1) return [];
  if (m.moe === undefined) {
    return [{ path: 'parallelism.ep', message: `ep is ${p.ep}, but model ${m.id} is dense (no moe block)`, hint: 'set ep: 1, or use a mixture-of-experts model' }];
  }
  const out: MoeLayoutProblem[] = [];
  if (m.moe.experts % p.ep !== 0) {
    out.push({ path: 'parallelism.ep', message: `ep (${p.ep}) does not divide the ${m.moe.experts} experts of ${m.id}`, hint: 'choose ep so that every rank holds a whole number of experts' });
  }
  if ((p.dp * p.cp) % p.ep !== 0) {
    out.push({ path: 'parallelism.ep', message: `ep (${p.ep}) does not divide dp × cp (${p.dp * p.cp})`, hint: 'the expert-parallel group is made of data-parallel ranks: choose ep dividing dp × cp' });
  }
  return out;
}
