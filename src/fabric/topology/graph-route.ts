/**
 * Routing on a Topology without a precomputed index (built by hand, e.g. in tests of the backends): a
 * breadth-first search backwards from the destination gives every vertex's hop distance, then the walk
 * from the source takes, at each vertex, one of the outgoing links that gets one hop closer, chosen by the
 * flow's ECMP hash. O(V + E) per call: for small graphs only; the builders' topologies never come here.
 */
import { ecmpPick } from './hash.ts';
import type { Topology } from './types.ts';

export function routeByGraph(topo: Topology, srcVertex: number, dstVertex: number, flowId: number): Int32Array {
  const n = topo.vertices.length;
  const inStart = new Int32Array(n + 1);
  for (const l of topo.links) inStart[l.to + 1]! += 1;
  for (let v = 0; v < n; v++) inStart[v + 1]! += inStart[v]!;
  const fill = inStart.slice(0, n);
  const inLinks = new Int32Array(topo.links.length);
  for (const l of topo.links) inLinks[fill[l.to]!++] = l.id;
  const dist = new Int32Array(n).fill(-1);
  dist[dstVertex] = 0;
  const queue = [dstVertex];
  for (let q = 0; q < queue.length && dist[srcVertex] === -1; q++) {
    const v = queue[q]!;
    for (let i = inStart[v]!; i < inStart[v + 1]!; i++) {
      const from = topo.links[inLinks[i]!]!.from;
      if (dist[from] !== -1) continue;
      dist[from] = dist[v]! + 1;
      queue.push(from);
    }
  }
  if (dist[srcVertex] === -1) throw new Error(`route: ${topo.vertices[dstVertex]!.name} is unreachable from ${topo.vertices[srcVertex]!.name}`);
  const path = new Int32Array(dist[srcVertex]!);
  let v = srcVertex;
  for (let hop = 0; hop < path.length; hop++) {
    const next: number[] = [];
    for (let i = topo.outStart[v]!; i < topo.outStart[v + 1]!; i++) {
      const id = topo.out[i]!;
      if (dist[topo.links[id]!.to] === dist[v]! - 1) next.push(id);
    }
    const id = next[ecmpPick(flowId, hop, next.length)]!;
    path[hop] = id;
    v = topo.links[id]!.to;
  }
  return path;
}
