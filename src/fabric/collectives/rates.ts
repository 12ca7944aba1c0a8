/**
 * The uncongested rates a call sees, for closed-form estimates (choose.ts picks an algorithm with them, and
 * ring.ts / tree.ts a protocol, protocol.ts): S bytes, n ranks on m nodes, g per node at most, r rails in
 * use per node, β_up = the GPU's scale-up port × e_up (all scale-up or torus links out of the GPU: one
 * through a crossbar, g − 1 on a mesh, whose channels use them all) and β_nic = r × its rail's NIC × e_out.
 */
import type { Topology } from '../topology/types.ts';
import { byNode, railOf, requestedChannels, singleDomain } from './layout.ts';
import type { CollectiveCall, CollectiveContext } from './types.ts';

export interface CallRates {
  n: number;
  m: number;
  g: number;
  /** raw scale-up port rate of the first rank's GPU, bytes/s (Infinity without scale-up) */
  port: number;
  bUp: number;
  bNic: number;
  /** all ranks in one scale-up domain */
  one: boolean;
}

/** GPU port rates: scale-up and the NIC link of its rail */
export function portRates(topo: Topology, gpu: number): { up: number; nic: number } {
  const v = topo.gpuVertex[gpu]!;
  let up = 0;
  let nic = Infinity;
  for (let k = topo.outStart[v]!; k < topo.outStart[v + 1]!; k++) {
    const l = topo.links[topo.out[k]!]!;
    if (l.tier === 'scale-up' || l.tier === 'torus') up += l.capacityBytesPerSecond;
    if (l.tier !== 'host') continue;
    for (let j = topo.outStart[l.to]!; j < topo.outStart[l.to + 1]!; j++) {
      const x = topo.links[topo.out[j]!]!;
      if (x.tier === 'nic') nic = Math.min(nic, x.capacityBytesPerSecond);
    }
  }
  return { up: up > 0 ? up : Infinity, nic };
}

export function callRates(ctx: CollectiveContext, call: CollectiveCall): CallRates {
  const topo = ctx.backend.topology;
  const nodes = byNode(topo, call.ranks);
  const rails = Math.min(requestedChannels(topo, call), Math.max(...nodes.map((x) => new Set(x.ranks.map((r) => railOf(topo, r))).size)));
  const ports = portRates(topo, call.ranks[0]!);
  return {
    n: call.ranks.length,
    m: nodes.length,
    g: Math.max(...nodes.map((x) => x.ranks.length)),
    port: ports.up,
    bUp: ports.up * (ctx.scaleUp?.efficiency ?? 1),
    bNic: ports.nic * (ctx.scaleOut?.efficiency ?? 1) * rails,
    one: singleDomain(topo, call.ranks),
  };
}

/** β a ring is bound by: the scale-up port inside one domain, else the tighter of port and NICs */
export function ringBandwidth(r: CallRates): number {
  return r.one ? r.bUp : Math.min(r.bUp, r.bNic);
}

/** β of the double binary tree (tree.ts: an interior node moves up to 3·S/C per NIC, 2 chain flows per GPU) */
export function treeBandwidth(r: CallRates): number {
  return Math.min(r.g > 1 ? r.bUp / 2 : Infinity, r.bNic / Math.min(3, r.m - 1));
}
