/**
 * NVLink SHARP (NVLS) all-reduce: the NVSwitch reduces (NVSwitch gen3+, profiles with inNetworkReduction
 * on one scale-up domain). NCCL's NVLS all-reduce is a reduce-scatter by multimem loads — the switch
 * reads shard k from all n GPUs, reduces, and returns it to GPU k — then an all-gather by multimem
 * stores — GPU k writes its shard once and the switch multicasts it to all n. Per GPU port:
 *
 *   out:  n · S/n (its copy of every shard, read by the switch)  +  S/n (its reduced shard)  = S·(n+1)/n
 *   in :  S/n (its reduced shard)  +  n · S/n (every reduced shard, multicast)             = S·(n+1)/n
 *
 * against 2(n−1)/n·S per port for the ring. We load exactly that: n flows i -> i+1 (a permutation, so
 * each GPU port carries one flow per direction through the crossbar), each of S·(n+1)/n bytes. The
 * reduction itself happens in the switch and costs no port bandwidth.
 *
 * Efficiency. Multimem traffic attains a lower fraction of the line rate than the ring's copy protocol, so
 * each flow is capped at e_NVLS × port rate, with e_NVLS = 0.686 fitted on 8 × H100: nccl-tests all-reduce
 * busbw ~480 GB/s (NCCL maintainer, NVIDIA/nccl-tests#212; validation-dev.md row 53). From the model,
 * busbw = 2(n−1)/(n+1) · e · B = 14/9 · e · 450 GB/s, so e = 480 / 700 = 0.686. It then predicts 480 GB/s
 * for row 55 (476 GB/s measured, nccl-tests#290) and applies unchanged to other NVLS switches (assumed).
 * Latency: 25 µs per call, NCCL's tuning model for NVLS over NVLink (NVIDIA/nccl src/graph/tuning.cc,
 * hwLat[NVLINK][NVLS][Simple] = 25; NVLS runs only the Simple protocol).
 */
import type { ProcessGenerator } from '../../sim/index.ts';
import type { Topology } from '../topology/types.ts';
import { chainFlows, phase } from './launch.ts';
import { isMesh, singleDomain } from './layout.ts';
import type { CollectiveAlgorithm, CollectiveCall, CollectiveContext } from './types.ts';

export const NVLS_EFFICIENCY = 0.686;
export const NVLS_LATENCY_SECONDS = 25e-6;

/** line rate of the GPU's scale-up port, from the topology (the profile's figure as a fallback) */
export function scaleUpPortRate(topo: Topology, gpu: number, fallback: number): number {
  const v = topo.gpuVertex[gpu]!;
  for (let k = topo.outStart[v]!; k < topo.outStart[v + 1]!; k++) {
    const l = topo.links[topo.out[k]!]!;
    if (l.tier === 'scale-up') return l.capacityBytesPerSecond;
  }
  return fallback;
}

export const nvls: CollectiveAlgorithm = {
  name: 'nvls',
  supports: (op) => op === 'all-reduce',
  applicable: (ctx, call) =>
    call.op === 'all-reduce' &&
    ctx.scaleUp?.inNetworkReduction === true &&
    call.ranks.length >= 2 &&
    singleDomain(ctx.backend.topology, call.ranks) &&
    !isMesh(ctx.backend.topology, call.ranks),
  *run(ctx: CollectiveContext, call: CollectiveCall): ProcessGenerator<number> {
    const t0 = ctx.sim.now;
    const n = call.ranks.length;
    if (n <= 1 || call.bytes === 0) return 0;
    const topo = ctx.backend.topology;
    const order = [...call.ranks].sort((a, b) => a - b);
    const port = scaleUpPortRate(topo, order[0]!, ctx.scaleUp?.linkBandwidthBytesPerSecond ?? Infinity);
    const flows = chainFlows(order, (call.bytes * (n + 1)) / n, true).map((f) => ({ ...f, maxRate: NVLS_EFFICIENCY * port }));
    yield* phase(ctx, call, NVLS_LATENCY_SECONDS, ctx.scaleUp?.latencySeconds ?? 0, flows);
    return ctx.sim.now - t0;
  },
};
