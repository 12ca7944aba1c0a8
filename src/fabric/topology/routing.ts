/**
 * route(topo, srcGpu, dstGpu, flowId) -> the link ids a flow crosses, in order.
 *
 *  - same node: the scale-up path (GPU -> NVSwitch -> GPU, a direct mesh link, via the PCIe switch, or
 *    across the node's torus), from the node template's table.
 *  - different nodes, same rail (NIC index) on both ends: GPU -> its NIC -> scale-out fabric -> the
 *    destination's NIC -> GPU. In a rail-optimised SU the fabric part is NIC -> rail leaf -> NIC (4 links
 *    in all); otherwise it climbs to a spine (and core).
 *  - different rails: NCCL's PXN (PCIe x NVLink, NCCL 2.12+, NCCL_PXN_DISABLE=0 by default): the data
 *    first moves over NVLink to the GPU of the source node that sits on the destination's rail, and that
 *    GPU's NIC sends it, so the message stays on one rail across the fabric and arrives at the NIC next to
 *    its destination. The relay is the first GPU on that rail. Without PXN (PCIe-only nodes, or opts.pxn
 *    false) the source GPU's own NIC sends to the destination GPU's NIC.
 *  - a TPU torus: dimension-order routing (torus.ts). A Topology without node or torus index (built by
 *    hand) is routed by breadth-first search (graph-route.ts).
 * ECMP among equal-cost choices hashes (flowId, hop) (hash.ts); the default flow id is one per (src, dst).
 * All of it is id arithmetic over route-index.ts: O(path length) per call.
 */
import { routeDragonfly } from './dragonfly.ts';
import { routeByGraph } from './graph-route.ts';
import { defaultFlowId } from './hash.ts';
import type { NodeIndex, NodeTemplate } from './route-index.ts';
import { routeTorus } from './torus.ts';
import { leafVertexOf, routeTree } from './tree-route.ts';
import type { Topology } from './types.ts';

export function route(topo: Topology, srcGpu: number, dstGpu: number, flowId?: number): Int32Array {
  const gpus = topo.gpuVertex.length;
  if (!(srcGpu >= 0 && srcGpu < gpus && dstGpu >= 0 && dstGpu < gpus && Number.isInteger(srcGpu) && Number.isInteger(dstGpu))) {
    throw new Error(`route: GPU ids must be integers in [0, ${gpus}), got ${srcGpu} -> ${dstGpu}`);
  }
  const flow = flowId ?? defaultFlowId(srcGpu, dstGpu);
  if (srcGpu === dstGpu) return new Int32Array(0);
  const idx = topo.routing;
  if (idx?.torus) return routeTorus(idx.torus, srcGpu, dstGpu, flow);
  if (!idx?.nodes) return routeByGraph(topo, topo.gpuVertex[srcGpu]!, topo.gpuVertex[dstGpu]!, flow);
  const nodes = idx.nodes;
  const g = topo.gpusPerNode;
  const ns = Math.floor(srcGpu / g);
  const nd = Math.floor(dstGpu / g);
  const ls = srcGpu % g;
  const ld = dstGpu % g;
  const ts = templateOf(nodes, ns);
  const baseS = nodes.nodeLinkBase[ns]!;
  const out: number[] = [];
  if (ns === nd) {
    pushLocal(out, ts, baseS, ls, ld);
    return Int32Array.from(out);
  }
  if (!idx.scaleOut) throw new Error(`route: no scale-out fabric between node ${ns} and node ${nd}`);
  const td = templateOf(nodes, nd);
  const rd = td.gpuRail[ld]!;
  let sender = ls;
  if (nodes.pxn && ts.gpuRail[ls] !== rd) {
    sender = ts.railGpu[rd]!;
    pushLocal(out, ts, baseS, ls, sender);
  }
  const rail = ts.gpuRail[sender]!;
  out.push(baseS + ts.hostUp[sender]!);
  const es = ns * topo.nicsPerNode + rail;
  const ed = nd * topo.nicsPerNode + rd;
  if (idx.scaleOut.kind === 'tree') routeTree(idx.scaleOut, es, ed, flow, out);
  else routeDragonfly(idx.scaleOut, es, ed, flow, out);
  out.push(nodes.nodeLinkBase[nd]! + td.hostDown[ld]!);
  return Int32Array.from(out);
}

function templateOf(nodes: NodeIndex, node: number): NodeTemplate {
  return nodes.templates[nodes.nodeTemplate[node]!]!;
}

function pushLocal(out: number[], t: NodeTemplate, base: number, s: number, d: number): void {
  const k = s * t.gpus + d;
  for (let i = t.pathStart[k]!; i < t.pathStart[k + 1]!; i++) out.push(base + t.pathLinks[i]!);
}

/** Node of GPU g (global rank). */
export function nodeOfGpu(topo: Topology, gpu: number): number {
  return Math.floor(gpu / topo.gpusPerNode);
}

/** Rail (NIC index within its node) GPU g uses: floor(local · nics / gpusPerNode); -1 without NICs. */
export function railOfGpu(topo: Topology, gpu: number): number {
  if (topo.nicsPerNode === 0) return -1;
  return Math.floor(((gpu % topo.gpusPerNode) * topo.nicsPerNode) / topo.gpusPerNode);
}

/** NIC endpoint of GPU g's own NIC: node · nicsPerNode + rail (route-index.ts numbering). */
export function endpointOfGpu(topo: Topology, gpu: number): number {
  return nodeOfGpu(topo, gpu) * topo.nicsPerNode + railOfGpu(topo, gpu);
}

/** The leaf switch vertex GPU g's own NIC is cabled to, or -1 when the fabric is not a tree. */
export function leafOfGpu(topo: Topology, gpu: number): number {
  const so = topo.routing?.scaleOut;
  if (!so || so.kind !== 'tree') return -1;
  return leafVertexOf(so, endpointOfGpu(topo, gpu));
}
