/**
 * Up-down routing on a leaf/spine(/core) tree, O(path length) by id arithmetic (route-index.ts TreeIndex):
 *   same leaf:   NIC -> leaf -> NIC
 *   same pod:    NIC -> leaf -> spine j -> leaf -> NIC
 *   across pods: NIC -> leaf -> spine j -> core (j, c) -> spine j of the far pod -> leaf -> NIC
 *                (core group j joins spine j of every pod)
 * j and c: with d-mod-k (InfiniBand), j = p mod S and c = floor(q / S) mod C, where p is the destination's
 * port on its leaf and q its index within its pod (the digits of its k-ary n-tree address, Zahavi et al.);
 * with ecmp-hash (Ethernet), j = ECMP(flow, hop 0) and c = ECMP(flow, hop 1). Every such path is a
 * shortest one.
 */
import { ecmpPick } from './hash.ts';
import type { TreeIndex } from './route-index.ts';

export function routeTree(t: TreeIndex, es: number, ed: number, flowId: number, out: number[]): void {
  const ls = t.endpointLeaf[es]!;
  const ld = t.endpointLeaf[ed]!;
  out.push(t.nicLinkBase + 2 * es);
  if (ls !== ld) {
    const sp = t.spinesPerPod;
    const dmodk = t.upRouting === 'd-mod-k';
    const port = t.endpointPort[ed]!;
    const j = dmodk ? port % sp : ecmpPick(flowId, 0, sp);
    out.push(t.leafSpineBase + 2 * (ls * sp + j));
    const ps = t.leafPod[ls]!;
    const pd = t.leafPod[ld]!;
    if (ps !== pd) {
      const cpg = t.coresPerGroup;
      const c = dmodk ? t.endpointUp2[ed]! % cpg : ecmpPick(flowId, 1, cpg);
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
