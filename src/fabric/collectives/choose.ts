/**
 * NCCL-like automatic choice of algorithm. NCCL (src/graph/tuning.cc, ncclTopoTuneModel and
 * ncclTopoGetAlgoTime) predicts, for every enabled algorithm, time = latency + bytes / bandwidth from its
 * topology, and takes the fastest; we do the same with the closed forms of our own algorithms, so the
 * choice is consistent with what they then simulate. S bytes, n ranks on m nodes, g per node, r rails in
 * use per node, β_up = scale-up port × e_up, β_nic = r × NIC × e_out (uncongested):
 *
 *   ring          L_ring(p) + 2(n−1)/n · S / (B·e_p),  B = β_up in one domain, else min(β_up, β_nic)
 *   tree (m ≥ 2)  L_tree(p) + S / (min(β_up/2, β_nic / min(3, m−1))·e_p)
 *   (L and e_p: NCCL's latency model and the wire efficiency of protocol p, the fastest p: protocol.ts)
 *   nvls          25 µs + S·(n+1)/n / (e_NVLS · port)                                     (nvls.ts)
 *   hierarchical  2(g−1)·α_up + 2(m−1)·α + 2(g−1)/g · S/β_up + 2(m−1)/m · S/β_nic
 *   sharp         2α_up + 2α_out + max(2(g−1)/g · S/β_up, S/β_nic)
 *
 * Which compete (NCCL's defaults): all-reduce: ring, tree and, where applicable, nvls. SHARP needs NCCL's
 * CollNet plugin and NCCL_COLLNET_ENABLE, so it is opt-in (ChooseOptions.allowSharp); hierarchical is
 * not an NCCL algorithm and is never chosen automatically. Broadcast and reduce: ring (NCCL runs only
 * ring for them); reduce-scatter and all-gather: ring (NCCL's NVLS/PAT/CollNet variants of these are not
 * modelled); all-to-all: pairwise; send-recv: direct.
 * Effect: small all-reduces across nodes go to the tree (log-depth latency), large single-node ones on
 * NVLS hardware to nvls, large multi-node ones to the ring when the NICs bound it and to the tree on two
 * nodes when NVLink is not the tighter bound (validation-dev.md §5 note: NCCL uses tree on two nodes).
 * Not modelled: NCCL's per-size tree correction factors and ring plateau factor (protocol.ts), so the
 * crossover sizes differ somewhat from NCCL's; a scenario overrides the choice with `algorithm`.
 */
import { NVLS_EFFICIENCY, NVLS_LATENCY_SECONDS } from './nvls.ts';
import { ALGORITHMS } from './registry.ts';
import { ringProtocol } from './ring.ts';
import { treeProtocol } from './tree.ts';
import { callRates } from './rates.ts';
import { stepLatency } from './layout.ts';
import type { AlgorithmName, CollectiveCall, CollectiveContext } from './types.ts';

export interface ChooseOptions {
  /** let SHARP (InfiniBand in-network reduction) compete for all-reduce; default false, as NCCL */
  allowSharp?: boolean;
}

export interface Estimate {
  algorithm: AlgorithmName;
  seconds: number;
}

/** Closed-form times of the all-reduce algorithms that may run this call, fastest first. */
export function estimateAllReduce(ctx: CollectiveContext, call: CollectiveCall, options: ChooseOptions = {}): Estimate[] {
  const r = callRates(ctx, call);
  const { n, m, g, bUp, bNic } = r;
  const s = call.bytes;
  const aUp = ctx.scaleUp?.latencySeconds ?? 0;
  const aOut = ctx.scaleOut?.latencySeconds ?? 0;
  const alpha = stepLatency(ctx, call.ranks);
  const out: Estimate[] = [];
  out.push({ algorithm: 'ring', seconds: ringProtocol(ctx, call).seconds });
  if (m >= 2) {
    // the tree picks its protocol with the same closed form (tree.ts)
    out.push({ algorithm: 'tree', seconds: treeProtocol(ctx, call).seconds });
  }
  if (ALGORITHMS.nvls.applicable(ctx, call)) {
    out.push({ algorithm: 'nvls', seconds: NVLS_LATENCY_SECONDS + (s * (n + 1)) / n / (NVLS_EFFICIENCY * r.port) });
  }
  if (ALGORITHMS.hierarchical.applicable(ctx, call)) {
    const t = 2 * (g - 1) * aUp + 2 * (m - 1) * alpha + (2 * (g - 1) * s) / g / bUp + (2 * (m - 1) * s) / m / bNic;
    out.push({ algorithm: 'hierarchical', seconds: t });
  }
  if (options.allowSharp === true && ALGORITHMS.sharp.applicable(ctx, call)) {
    out.push({ algorithm: 'sharp', seconds: 2 * aUp + 2 * aOut + Math.max((2 * (g - 1) * s) / g / bUp, s / bNic) });
  }
  // stable sort: at equal times the earlier entry (ring, then tree, nvls…) wins
  return out.sort((a, b) => a.seconds - b.seconds);
}

/** The algorithm NCCL would pick for this call (see header). */
export function chooseAlgorithm(ctx: CollectiveContext, call: CollectiveCall, options: ChooseOptions = {}): AlgorithmName {
  switch (call.op) {
    case 'send-recv':
      return 'direct';
    case 'all-to-all':
      return 'pairwise';
    case 'all-reduce': {
      if (call.ranks.length <= 1) return 'ring';
      const best = estimateAllReduce(ctx, call, options).filter((e) => e.algorithm !== 'hierarchical');
      return best[0]!.algorithm;
    }
    default:
      return 'ring';
  }
}
