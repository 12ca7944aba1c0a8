/**
 * Up-down routing on a leaf/spine(/core) tree, O(path length) by id arithmetic (route-index.ts TreeIndex):
 *   same leaf:   NIC -> leaf -> NIC
 *   same pod:    NIC -> leaf -> spine j -> leaf -> NIC, j = ECMP(flow, hop 0) among the pod's spines
 *   across pods: NIC -> leaf -> spine j -> core (j, c) -> spine j of the far pod -> leaf -> NIC,
 *                c = ECMP(flow, hop 1) among core group j (core group j joins spine j of every pod)
 * Every such path is a shortest one, and the two hashes choose uniformly among all of them.
 */
import { ecmpPick } from './hash.ts';
import type { TreeIndex } from './route-index.ts';

export function routeTree(t: TreeIndex, es: number, ed: number, flowId: number, out: number[]): void {
  const ls = t.endpointLeaf[es]!;
  const ld = t.endpointLeaf[ed]!;
  out.push(t.nicLinkBase + 2 * es);
  if (ls !== ld) {
    const sp = t.spinesPerPod;
    const j = ecmpPick(flowId, 0, sp);
    out.push(t.leafSpineBase + 2 * (ls * sp + j));
    const ps = t.leafPod[ls]!;
    const pd = t.leafPod[ld]!;
    if (ps !== pd) {
      const cpg = t.coresPerGroup;
      const c = ecmpPick(flowId, 1, cpg);
      out.push(t.spineCoreBase + 2 * ((ps * sp + j) * cpg + c));
      out.push(t.spineCoreBase + 2 * ((pd * sp + j) * cpg + c) + 1);
    }
    out.push(t.leafSpineBase + 2 * (ld * sp + j) + 1);
  }
  out.push(t.nicLinkBase + 2 * ed + 1);
}

/** The leaf vertex NIC endpoint e is cabled to. */
export function leafVertexOf(t: TreeIndex, endpoint: number): number {
  return t.leafVertexBase + t.endpointLeaf[endpoint]!;
}
